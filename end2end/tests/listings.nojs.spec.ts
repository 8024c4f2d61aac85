// The listing form without JavaScript: a plain form post, answered with the page again (the
// problem beside its field) or with the saved listing. Changes the catalog: the second shop.
import { test, expect } from '@playwright/test';
import { fillSignIn, CATALOG_SHOP, SELLER } from './helpers';

test.use({ baseURL: CATALOG_SHOP });

test('seller staff edit a listing and its pictures with JavaScript off', async ({ page }) => {
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

  // Its pictures, without JavaScript too: upload one (the demo's own, downloaded), make it the
  // main one, then remove it.
  await page.goBack();
  await expect(page).toHaveURL(form);
  const pictures = page.getByTestId('picture');
  await expect(pictures).toHaveCount(1);
  const demo = await pictures.first().locator('img').getAttribute('src');
  const png = await (await page.request.get(demo!)).body();
  await page.getByLabel('사진 더하기').setInputFiles({ name: 'again.png', mimeType: 'image/png', buffer: png });
  await page.getByRole('button', { name: '사진 올리기' }).click();
  await expect(page.getByTestId('picture-added')).toHaveText('사진을 올렸습니다.');
  await expect(pictures).toHaveCount(2);
  const uploaded = await pictures.nth(1).locator('img').getAttribute('src');
  expect(uploaded).not.toEqual(demo);
  await pictures.nth(1).getByRole('button', { name: '대표로' }).click();
  await expect(pictures.first().locator('img')).toHaveAttribute('src', uploaded!);
  await expect(pictures.first()).toContainText('대표 사진');
  await pictures.first().getByRole('button', { name: '사진 지우기' }).click();
  await expect(pictures).toHaveCount(1);
  await expect(pictures.first().locator('img')).toHaveAttribute('src', demo!);
});
