// Seller staff list a new product from a phone, and shoppers find it at once. These tests change
// the catalog, so they run against the second shop (helpers: CATALOG_SHOP).
import { test, expect } from '@playwright/test';
import { Page } from '@playwright/test';
import { hydrated, signIn, productCards, CATALOG_SHOP, SELLER } from './helpers';

test.use({ baseURL: CATALOG_SHOP });

test('seller staff list a new product with a photo, and search finds it with its price and picture', async ({ page }, info) => {
  // Each project's run lists a product of its own.
  const word = `시험빵${info.project.name}${Date.now() % 100000}`;
  await signIn(page, SELLER.phone, SELLER.password, '/seller');
  await page.getByTestId('new-listing').click();
  await expect(page).toHaveURL(/\/seller\/new$/);
  await hydrated(page);

  // Sent half filled in: every empty field says so, and what was typed stays.
  await page.getByLabel('이름 (조선말)').fill(`${word} 크림빵`);
  await page.getByRole('button', { name: '새 상품 등록' }).click();
  await expect(page.getByTestId('error-name_en')).toHaveText('입력하십시오.');
  await expect(page.getByTestId('error-category')).toHaveText('입력하십시오.');
  await expect(page.getByLabel('이름 (조선말)')).toHaveValue(`${word} 크림빵`);
  await expect(page.getByTestId('error-name_ko')).toBeEmpty();

  await page.getByLabel('이름 (영어)').fill(`${word} cream buns`);
  await page.getByLabel('설명 (조선말)').fill('아침마다 굽는 크림빵입니다.');
  await page.getByLabel('설명 (영어)').fill('Cream buns baked every morning.');
  await page.getByLabel('분류', { exact: true }).selectOption({ label: '빵과 과자' });
  await page.getByLabel('파는 단위').selectOption({ label: '개수' });
  await page.getByLabel('한 포장에 든 량').fill('6');
  await page.getByLabel('포장한 무게 (g)').fill('420');
  await page.getByLabel('포장한 부피 (ml)').fill('1500');
  await page.getByLabel('가격 (원)').fill('1,234');
  await page.getByLabel('재고').fill('12');
  await page.getByRole('button', { name: '새 상품 등록' }).click();

  // The new product's own form, which says it is listed.
  await expect(page).toHaveURL(/\/seller\/p\/\d+\?listed$/);
  await expect(page.getByTestId('listing-saved')).toHaveText('상품을 등록했습니다. 이제 목록과 검색에 나옵니다.');
  await expect(page.getByLabel('이름 (영어)')).toHaveValue(`${word} cream buns`);

  // A file that is not a picture is refused with the reason; a photo is taken.
  const chooser = page.getByLabel('사진 더하기');
  await chooser.setInputFiles({ name: 'notes.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a picture') });
  await page.getByRole('button', { name: '사진 올리기' }).click();
  await expect(page.getByTestId('error-picture')).toHaveText('JPEG, PNG, WebP 사진만 올릴 수 있습니다.');
  await chooser.setInputFiles({ name: 'bun.jpg', mimeType: 'image/jpeg', buffer: await photo(page) });
  await page.getByRole('button', { name: '사진 올리기' }).click();
  await expect(page.getByTestId('picture-added')).toHaveText('사진을 올렸습니다.');
  await expect(page.getByTestId('picture')).toHaveCount(1);
  await expect(page.getByTestId('picture').getByText('대표 사진')).toBeVisible();

  // A shopper's search finds it, at its price, with its picture.
  await page.goto(`/search?q=${encodeURIComponent(word)}`);
  await expect(productCards(page)).toHaveCount(1);
  await expect(productCards(page).first()).toContainText(`${word} 크림빵`);
  await expect(productCards(page).first()).toContainText('1,234원');
  await expect(productCards(page).first().locator('img')).toHaveAttribute('src', /^\/media\/\d+\/thumb\.png$/);
  const shown = productCards(page).first().locator('img');
  await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  await productCards(page).first().getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`${word} 크림빵`);
  await expect(page.getByText('아침마다 굽는 크림빵입니다.')).toBeVisible();
});

/** A photo as a phone's camera makes one: a JPEG, drawn by the browser. */
async function photo(page: Page): Promise<Buffer> {
  const url = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 640;
    canvas.height = 480;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#e8c27a';
    g.fillRect(0, 0, 640, 480);
    g.fillStyle = '#a0521d';
    g.beginPath();
    g.ellipse(320, 250, 200, 130, 0, 0, Math.PI * 2);
    g.fill();
    return canvas.toDataURL('image/jpeg', 0.85);
  });
  return Buffer.from(url.split(',')[1], 'base64');
}
