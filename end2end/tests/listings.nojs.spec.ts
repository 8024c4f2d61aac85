// The listing form without JavaScript: a plain form post, answered with the page again (the
// problem beside its field) or with the saved listing. Changes the catalog: the second shop.
import { test, expect } from '@playwright/test';
import { fillSignIn, CATALOG_SHOP, SELLER } from './helpers';

test.use({ baseURL: CATALOG_SHOP });

test('seller staff edit a listing with JavaScript off', async ({ page }) => {
  await page.goto('/login?next=/seller');
  await fillSignIn(page, SELLER.phone, SELLER.password);
  await expect(page).toHaveURL(/\/seller$/);
  await page.getByTestId('edit-listing').first().click();
  await expect(page).toHaveURL(/\/seller\/p\/\d+$/);
  const form = page.url();

  // A blank description is refused beside its field, and the rest stays as typed.
  const name = `무자바 시험 ${Date.now() % 100000}`;
  await page.getByLabel('이름 (조선말)').fill(name);
  await page.getByLabel('설명 (영어)').fill('');
  await page.getByRole('button', { name: '보관' }).click();
  await expect(page.getByTestId('error-description_en')).toHaveText('입력하십시오.');
  await expect(page.getByLabel('이름 (조선말)')).toHaveValue(name);

  await page.getByLabel('설명 (영어)').fill('Written without JavaScript.');
  await page.getByRole('button', { name: '보관' }).click();
  await expect(page).toHaveURL(form);
  await expect(page.getByTestId('listing-saved')).toHaveText('보관했습니다.');
  await page.getByTestId('view-product').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
});
