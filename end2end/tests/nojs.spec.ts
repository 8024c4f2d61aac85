import { test, expect } from '@playwright/test';
import { fillSignUp, freshResidentId } from './helpers';

// The nojs project runs this with JavaScript turned off: every step is a link, a GET form or a
// POST form answered by the server.

test('without JavaScript: search 크림빵 → product → add to cart → sign in → checkout → PIN → placed → in the orders', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('searchbox').fill('크림빵');
  await page.getByRole('button', { name: '검색' }).click();
  await expect(page).toHaveURL(/\/search\?q=/);
  await page.getByTestId('product-card').filter({ hasText: '금성식료공장' }).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('크림빵 (10개들이)');
  const product = page.url();

  await page.getByTestId('quantity').fill('2');
  await page.getByTestId('add-to-cart').click();
  await expect(page).toHaveURL(product);
  await expect(page.getByTestId('added')).toBeVisible();

  await page.getByTestId('sign-in-link').click();
  await page.getByTestId('input-phone').fill('0191-100-0001');
  await page.getByTestId('input-password').fill('okryu-shopper');
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('account-link')).toHaveText('김은정');

  await page.getByTestId('cart-link').click();
  const line = page.getByTestId('line').filter({ hasText: '크림빵' });
  await expect(line.getByTestId('cart-quantity')).toHaveValue(/^[1-9]\d*$/);
  await page.getByTestId('to-checkout').click();
  await expect(page).toHaveURL(/\/checkout$/);
  await page.getByTestId('input-pin').fill('1234');
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);
  const number = (await page.getByTestId('order-number').first().innerText()).trim();

  await page.goto('/orders');
  await expect(page.getByTestId('order-row').filter({ hasText: number }).first()).toBeVisible();
});

test('without JavaScript: a wrong PIN comes back beside its field, and nothing is paid', async ({ page }) => {
  await page.goto('/login?next=' + encodeURIComponent('/checkout?item=1&qty=1'));
  await page.getByTestId('input-phone').fill('0191-100-0001');
  await page.getByTestId('input-password').fill('okryu-shopper');
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/checkout\?item=1&qty=1$/);
  await page.getByTestId('input-pin').fill('0000');
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('error-pin')).toContainText('PIN이 맞지 않습니다');
  await expect(page.getByTestId('input-pin')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('input-pin')).toHaveValue('');
});

test('without JavaScript: a sign-up with a bad phone number shows the error beside the field and keeps the rest', async ({ page }) => {
  await page.goto('/signup');
  const resident = freshResidentId();
  await fillSignUp(page, '0191-23', resident, 'taedong river 2026');
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByTestId('error-phone')).not.toBeEmpty();
  await expect(page.getByTestId('input-phone')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('error-name')).toBeEmpty();
  await expect(page.getByTestId('input-name')).toHaveValue('조은별');
  await expect(page.getByTestId('input-phone')).toHaveValue('0191-23');
  await expect(page.getByTestId('input-resident_id')).toHaveValue(resident);
  await expect(page.getByTestId('input-district')).toHaveValue('pyongyang-moranbong');
  await expect(page.getByTestId('input-line')).toHaveValue('모란봉거리 7, 2동 4호');
  await expect(page.getByTestId('input-password')).toHaveValue('');
  await expect(page.getByTestId('sign-in-link')).toBeVisible();
});
