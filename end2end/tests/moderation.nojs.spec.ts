// Moderation of a listing without JavaScript: an operator opens a listing by its number from
// /moderation and withholds it with a reason; its page is gone, and its seller reads why in the
// console and can't offer it again; the operator releases it and it is on sale again.
import { test, expect } from '@playwright/test';
import { CATALOG_SHOP, fillSignIn, OPERATOR, SELLER } from './helpers';

test.use({ baseURL: CATALOG_SHOP });

test('an operator withholds a listing with a reason its seller reads, then releases it', async ({ browser, page }) => {
  const office = await browser.newContext({ javaScriptEnabled: false, baseURL: CATALOG_SHOP });
  const operator = await office.newPage();
  await page.goto('/login?next=/seller');
  await fillSignIn(page, SELLER.phone, SELLER.password);
  await expect(page).toHaveURL(/\/seller$/);
  // The factory's cheese: no other test of this shop uses it.
  const first = page.getByTestId('console-item').filter({ hasText: '치즈' }).first();
  const href = await first.getByRole('link').first().getAttribute('href');
  const id = href!.replace('/p/', '');

  await operator.goto('/login?next=/moderation');
  await fillSignIn(operator, OPERATOR.phone, OPERATOR.password);
  await expect(operator).toHaveURL(/\/moderation$/);
  await operator.getByLabel('상품 번호').fill(id);
  await operator.getByRole('button', { name: '상품 보기' }).click();
  await expect(operator).toHaveURL(new RegExp(`/moderation/listing\\?id=${id}$`));
  await operator.getByLabel('까닭').fill('설명이 상품과 다릅니다');
  await operator.getByRole('button', { name: '판매 막기' }).click();
  await expect(operator.getByTestId('state')).toHaveAttribute('data-withheld', 'true');
  await expect(operator.getByTestId('withheld-reason')).toContainText('설명이 상품과 다릅니다');

  const shopper = await browser.newPage({ baseURL: CATALOG_SHOP });
  const gone = await shopper.goto(`/p/${id}`);
  expect(gone!.status()).toBe(404);

  await page.goto('/seller');
  const item = page.getByTestId('console-item').filter({ has: page.locator(`a[href="/p/${id}"]`) });
  await expect(item.getByTestId('withheld')).toContainText('설명이 상품과 다릅니다');

  await operator.getByRole('button', { name: '판매 막기 풀기' }).click();
  await expect(operator.getByTestId('state')).toHaveAttribute('data-withheld', 'false');
  const back = await shopper.goto(`/p/${id}`);
  expect(back!.status()).toBe(200);
  await office.close();
});
