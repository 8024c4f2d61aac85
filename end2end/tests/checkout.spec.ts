import { test, expect } from '@playwright/test';
import { amount, buyCreamBuns, fundedShopper, PIN } from './helpers';

test('item page → quantity 3 → buy → PIN → order placed; in the history; the balance drops by the total', async ({ browser, page }) => {
  await fundedShopper(browser, page, '5000');
  await buyCreamBuns(page, '3');
  await expect(page.getByTestId('line-quantity')).toHaveText('3');
  await expect(page.getByTestId('balance')).toHaveText('5,000원');
  const total = amount(await page.getByTestId('grand-total').innerText());
  expect(total).toBeGreaterThan(0);

  await page.getByTestId('input-pin').fill(PIN);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);
  await expect(page.getByTestId('order-placed')).toBeVisible();
  await expect(page.getByTestId('order-number')).toHaveText(/^#\d+$/);
  expect(amount(await page.getByTestId('order-total').innerText())).toBe(total);

  await page.goto('/orders');
  await expect(page.getByTestId('order-row')).toHaveCount(1);
  expect(amount(await page.getByTestId('order-row').getByTestId('order-total').innerText())).toBe(total);
  await expect(page.getByTestId('order-status')).toHaveText('주문됨');

  await page.goto('/wallet');
  const balance = amount(await page.getByTestId('wallet-balance').innerText());
  expect(Math.round((5000 - balance) * 100)).toBe(Math.round(total * 100));
});

test('a wrong PIN shows its message and places no order', async ({ browser, page }) => {
  await fundedShopper(browser, page, '5000');
  await buyCreamBuns(page, '1');
  await page.getByTestId('input-pin').fill('1111');
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('error-pin')).toContainText('PIN이 맞지 않습니다');
  await expect(page).toHaveURL(/\/checkout/);
  await page.goto('/orders');
  await expect(page.getByTestId('no-orders')).toBeVisible();
  await page.goto('/wallet');
  await expect(page.getByTestId('wallet-balance')).toHaveText('5,000원');
});

test('an insufficient balance shows what is missing and places no order', async ({ browser, page }) => {
  await fundedShopper(browser, page, '10');
  await buyCreamBuns(page, '3');
  const total = amount(await page.getByTestId('grand-total').innerText());
  await page.getByTestId('input-pin').fill(PIN);
  await page.getByTestId('submit').click();
  const error = page.getByTestId('form-error');
  await expect(error).toContainText('잔고가 모자랍니다');
  expect(amount(await error.innerText())).toBe(Math.round((total - 10) * 100) / 100);
  await page.goto('/orders');
  await expect(page.getByTestId('no-orders')).toBeVisible();
  await page.goto('/wallet');
  await expect(page.getByTestId('wallet-balance')).toHaveText('10원');
});
