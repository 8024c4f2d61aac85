import { test, expect, Browser, Page } from '@playwright/test';
import { amount, fillSignUp, freshPhone, freshResidentId, hydrated, signIn } from './helpers';

const PIN = '2468';

/**
 * A new shopper with a SIM-linked account and `deposit` won paid in by an operator (in a browser
 * of their own): every test has its own money, whatever runs beside it.
 */
async function fundedShopper(browser: Browser, page: Page, deposit: string): Promise<string> {
  const phone = freshPhone();
  await page.goto('/signup');
  await hydrated(page);
  await fillSignUp(page, phone, freshResidentId(), 'taedong river 2026');
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/account$/);

  await page.getByTestId('wallet-link').click();
  await expect(page).toHaveURL(/\/wallet$/);
  await hydrated(page);
  const sim = page.getByTestId('link-sim');
  await sim.getByTestId('input-pin').fill(PIN);
  await sim.getByTestId('submit').click();
  await expect(page.getByTestId('instrument')).toContainText(phone);

  const operator = await browser.newContext();
  const bank = await operator.newPage();
  await signIn(bank, '0191-100-0006', 'okryu-operator', '/bank');
  await hydrated(bank);
  await bank.getByTestId('input-phone').fill(phone);
  await bank.getByTestId('input-amount').fill(deposit);
  await bank.getByTestId('submit').click();
  await expect(bank.getByTestId('deposited')).toBeVisible();
  await operator.close();
  return phone;
}

/** From the search to the cream buns' product page, then "buy now" with `quantity`. */
async function buyCreamBuns(page: Page, quantity: string) {
  await page.goto('/search?q=' + encodeURIComponent('크림빵'));
  await hydrated(page);
  await page.getByTestId('product-card').filter({ hasText: '금성식료공장' }).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('크림빵');
  await hydrated(page);
  await page.getByTestId('quantity').fill(quantity);
  await page.getByTestId('buy-now').click();
  await expect(page).toHaveURL(new RegExp(`/checkout\\?item=\\d+&qty=${quantity}$`));
  await expect(page.getByTestId('checkout')).toBeVisible();
  await hydrated(page);
}

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
