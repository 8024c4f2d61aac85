// The food basket without JavaScript: a shopper ticks an option of Okryukwan's cold noodles and
// puts two portions in the basket, sees them priced with the option, starts a new order with a
// Haedanghwa dish (the menu asks first), and takes it out again.
import { test, expect } from '@playwright/test';
import { fillSignIn, newShopper } from './helpers';

test('a shopper fills the food basket from a menu, with JavaScript off', async ({ page, request }) => {
  const shopper = await newShopper(request, '100');
  await page.goto('/r/okryukwan');
  await page.getByTestId('sign-in-to-order').getByRole('link').click();
  await fillSignIn(page, shopper.phone, shopper.password);
  await expect(page).toHaveURL(/\/r\/okryukwan$/);

  const noodles = page.getByTestId('dish').filter({ hasText: '물랭면' }).first();
  await noodles.getByLabel('육수 더').check();
  await noodles.getByLabel('그릇 수').fill('2');
  await noodles.getByRole('button', { name: '바구니에 담기' }).click();
  await expect(page.getByTestId('dish-added')).toContainText('음식 바구니에 담았습니다');

  await page.getByTestId('dish-added').getByRole('link', { name: '음식 바구니' }).click();
  await expect(page).toHaveURL(/\/food\/basket$/);
  const line = page.getByTestId('basket-line');
  await expect(line).toHaveCount(1);
  await expect(line).toContainText('물랭면');
  await expect(line).toContainText('육수 더');
  await expect(line.getByTestId('line-amount')).toHaveText('940원');

  // Another restaurant's menu says whose dishes the basket holds and offers a new order.
  await page.goto('/r/haedanghwa');
  await expect(page.getByTestId('basket-other')).toContainText('옥류관');
  const soup = page.getByTestId('dish').filter({ hasText: '칼국수' });
  await soup.getByRole('button', { name: '새 주문으로 담기' }).click();
  await expect(page.getByTestId('dish-added')).toBeVisible();
  await page.goto('/food/basket');
  await expect(page.getByRole('heading', { name: '해당화관' })).toBeVisible();
  await expect(page.getByTestId('short-of-minimum')).toContainText('200원');

  await page.getByTestId('basket-remove').click();
  await expect(page.getByTestId('basket-empty')).toBeVisible();
});
