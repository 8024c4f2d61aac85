import { test, expect, Page } from '@playwright/test';
import { amount, balance, buyCreamBuns, fact, fundedShopper, lineQuantity, newShopper, PIN, signIn } from './helpers';

/** The PIN field and the pay button of the checkout page. */
async function pay(page: Page, pin: string) {
  await page.getByLabel('PIN (4자리)', { exact: true }).fill(pin);
  await page.getByRole('button', { name: '결제하고 주문', exact: true }).click();
}

test('item page → quantity 3 → buy → PIN → order placed; in the history; the balance drops by the total', async ({ browser, page }) => {
  // Through the sign-up, wallet and bank pages themselves: this spec keeps their UI under test.
  await fundedShopper(browser, page, '5000');
  await buyCreamBuns(page, '3');
  await expect(lineQuantity(page)).toHaveText('3');
  await expect(balance(page)).toHaveText('잔고 5,000원');
  const total = amount(await fact(page, '결제 금액').innerText());
  expect(total).toBeGreaterThan(0);

  await pay(page, PIN);
  await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: '주문했습니다' })).toBeVisible();
  const number = page.getByRole('link', { name: /^#\d+$/ });
  await expect(number).toHaveText(/^#\d+$/);
  // The placed order's line: `#12 · 금성식료공장 · 234원`.
  expect(amount(await page.getByRole('listitem').filter({ has: number }).innerText())).toBe(total);

  await page.goto('/orders');
  const rows = page.getByRole('row').filter({ has: page.getByRole('rowheader') });
  await expect(rows).toHaveCount(1);
  // The last column is the total to pay.
  expect(amount(await rows.getByRole('cell').last().innerText())).toBe(total);
  await expect(rows.getByRole('rowheader').getByText('주문됨', { exact: true })).toBeVisible();

  await page.goto('/wallet');
  const left = amount(await balance(page).innerText());
  expect(Math.round((5000 - left) * 100)).toBe(Math.round(total * 100));
});

test('a wrong PIN shows its message and places no order', async ({ page, request }) => {
  const shopper = await newShopper(request, '5000');
  await signIn(page, shopper.phone, shopper.password, '/');
  await buyCreamBuns(page, '1');
  await pay(page, '1111');
  await expect(page.getByLabel('PIN (4자리)', { exact: true })).toHaveAccessibleDescription(/PIN이 맞지 않습니다/);
  await expect(page).toHaveURL(/\/checkout/);
  await page.goto('/orders');
  await expect(page.getByText('아직 주문이 없습니다.', { exact: true })).toBeVisible();
  await page.goto('/wallet');
  await expect(balance(page)).toHaveText('잔고 5,000원');
});

test('an insufficient balance shows what is missing and places no order', async ({ page, request }) => {
  const shopper = await newShopper(request, '10');
  await signIn(page, shopper.phone, shopper.password, '/');
  await buyCreamBuns(page, '3');
  const total = amount(await fact(page, '결제 금액').innerText());
  await pay(page, PIN);
  const error = page.getByRole('alert');
  await expect(error).toContainText('잔고가 모자랍니다');
  expect(amount(await error.innerText())).toBe(Math.round((total - 10) * 100) / 100);
  await page.goto('/orders');
  await expect(page.getByText('아직 주문이 없습니다.', { exact: true })).toBeVisible();
  await page.goto('/wallet');
  await expect(balance(page)).toHaveText('잔고 10원');
});
