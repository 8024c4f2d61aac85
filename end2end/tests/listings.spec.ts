// Seller staff list a new product from a phone, and shoppers find it at once. These tests change
// the catalog, so they run against the second shop (helpers: CATALOG_SHOP).
import { test, expect } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { deliverOrder, hydrated, newShopper, signIn, productCards, CATALOG_SHOP, PIN, SELLER } from './helpers';

test.use({ baseURL: CATALOG_SHOP });

const DEMO_MEDIA = path.join(__dirname, '..', '..', 'tools', 'demo', 'media');
const DEMO_VIDEO = fs.readFileSync(path.join(DEMO_MEDIA, 'cream-buns.webm'));
const DEMO_VOICE = fs.readFileSync(path.join(DEMO_MEDIA, 'socks-ko.ogg'));

test('seller staff list a product with a photo that search finds; a shopper who received it rates it four stars, the seller answers, and its page shows both', async ({ page, request }, info) => {
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

  // Its video, from the phone's files (a voice recording would not do); sent with a progress bar.
  const video = page.getByTestId('recording-video');
  await video.getByLabel('새 파일').setInputFiles({ name: 'bun.webm', mimeType: 'video/webm', buffer: DEMO_VOICE });
  await video.getByRole('button', { name: '파일 올리기' }).click();
  await expect(page.getByTestId('error-video-recording')).toHaveText('WebM과 MP4 동영상만 올릴 수 있습니다.');
  await video.getByLabel('새 파일').setInputFiles({ name: 'bun.webm', mimeType: 'video/webm', buffer: DEMO_VIDEO });
  await video.getByRole('button', { name: '파일 올리기' }).click();
  await expect(page.getByTestId('recording-added')).toHaveText('파일을 올렸습니다.');
  await expect(video.locator('video')).toHaveAttribute('src', /^\/media\/\d+\/video\.webm$/);

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
  await expect(page.getByTestId('video')).toHaveAttribute('src', /^\/media\/\d+\/video\.webm$/);
  await expect(page.getByTestId('no-reviews')).toHaveText('아직 상품평이 없습니다.');
  const product = /\/p\/(\d+)/.exec(page.url())![1];

  // A shopper buys one, and it is delivered to them.
  const shopper = await newShopper(request, '20000', CATALOG_SHOP);
  await page.context().clearCookies();
  await signIn(page, shopper.phone, shopper.password, `/checkout?item=${product}&qty=1`);
  await hydrated(page);
  await page.locator('input[name="pin"]').fill(PIN);
  await page.locator('form.pay button[type="submit"]').click();
  await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);
  await page.getByTestId('order-number').click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  const order = /\/orders\/(\d+)$/.exec(page.url())![1];
  await expect(page.getByTestId('order-reviews')).toHaveCount(0);
  const code = (await page.getByTestId('delivery-code').innerText()).trim();
  await deliverOrder(order, code, CATALOG_SHOP);

  // On their order page they rate it four stars.
  await page.reload();
  await hydrated(page);
  const mine = page.getByTestId('line-review');
  await expect(mine).toContainText(`${word} 크림빵`);
  await mine.getByLabel('상품평 (쓰지 않아도 됩니다)').fill('부드럽고 달콤합니다.');
  await mine.getByRole('button', { name: '상품평 올리기' }).click();
  await expect(mine.getByTestId('error-rating')).toHaveText('입력하십시오.');
  await mine.getByRole('radio', { name: '4', exact: true }).check();
  await mine.getByRole('button', { name: '상품평 올리기' }).click();
  await expect(page.getByTestId('review-saved')).toHaveText('상품평을 보관했습니다.');
  await expect(mine.getByRole('radio', { name: '4', exact: true })).toBeChecked();
  await noSeriousViolations(page);

  // The seller answers it from the console.
  await page.context().clearCookies();
  await signIn(page, SELLER.phone, SELLER.password, '/seller');
  await page.getByTestId('seller-reviews-link').click();
  await expect(page).toHaveURL(/\/seller\/reviews$/);
  await hydrated(page);
  const theirs = page.getByTestId('seller-review').filter({ hasText: `${word} 크림빵` });
  await theirs.getByLabel('답변 (누구나 봅니다)').fill('고맙습니다. 또 찾아주십시오.');
  await theirs.getByRole('button', { name: '답변 올리기' }).click();
  await expect(theirs.getByTestId('answer')).toContainText('고맙습니다. 또 찾아주십시오.');

  // Its page shows the rating, the review with its stars and the answer; search shows the rating.
  await page.goto(`/p/${product}`);
  await expect(page.getByTestId('rating-average')).toHaveText('★ 평점 4.0, 상품평 1개');
  await expect(page.getByTestId('stars-4').locator('td.count')).toHaveText('1');
  await expect(page.getByTestId('stars-5').locator('td.count')).toHaveText('0');
  const review = page.getByTestId('review');
  await expect(review).toHaveCount(1);
  await expect(review.getByTestId('stars')).toHaveText('★★★★☆');
  await expect(review).toContainText('조**');
  await expect(review).toContainText('구매 확인');
  await expect(review.getByTestId('review-body')).toHaveText('부드럽고 달콤합니다.');
  await expect(review.getByTestId('answer')).toContainText('고맙습니다. 또 찾아주십시오.');
  await noSeriousViolations(page);
  await page.goto(`/search?q=${encodeURIComponent(word)}`);
  await expect(productCards(page).first().getByTestId('rating')).toHaveText('★ 4.0 (1)');
});

/** Axe finds nothing serious on the page as it is (the reviews' figures, stars and forms). */
async function noSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(serious, page.url()).toEqual([]);
}

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
