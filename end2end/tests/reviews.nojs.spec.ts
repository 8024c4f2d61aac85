// Reviews without JavaScript: a buyer rates what was delivered (refused beside the field first) and
// adds a picture from a file chooser, which the product page shows; another shopper reports it, and
// an operator hides it with a reason the buyer then reads (the picture gone with it). Changes a
// product's reviews: the second shop.
import { test, expect } from '@playwright/test';
import { call, deliverOrder, fillSignIn, newShopper, CATALOG_SHOP, OPERATOR, PIN } from './helpers';

test.use({ baseURL: CATALOG_SHOP });

test('a buyer reviews a delivered order and an operator hides it, with JavaScript off', async ({ page, request, playwright }) => {
  const buyer = await newShopper(request, '20000', CATALOG_SHOP);
  await page.goto('/login');
  await fillSignIn(page, buyer.phone, buyer.password);
  await page.goto('/search?q=' + encodeURIComponent('크림빵'));
  await page.getByTestId('product-card').filter({ hasText: '금성식료공장' }).first().getByRole('link').first().click();
  const product = /\/p\/(\d+)/.exec(page.url())![1];
  await page.goto(`/checkout?item=${product}&qty=1`);
  await page.locator('input[name="pin"]').fill(PIN);
  await page.locator('form.pay button[type="submit"]').click();
  await page.getByTestId('order-number').click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  const orderPage = page.url();
  const order = /\/orders\/(\d+)$/.exec(orderPage)![1];
  const code = (await page.getByTestId('delivery-code').innerText()).trim();
  await deliverOrder(order, code, CATALOG_SHOP);

  // No rating: refused beside the stars, the text kept. Then five stars.
  await page.reload();
  const mine = page.getByTestId('line-review');
  const text = `무자바 상품평 ${Date.now() % 100000}`;
  await mine.getByLabel('상품평 (쓰지 않아도 됩니다)').fill(text);
  await mine.getByRole('button', { name: '상품평 올리기' }).click();
  await expect(page.getByTestId('error-rating')).toHaveText('입력하십시오.');
  await expect(page.getByLabel('상품평 (쓰지 않아도 됩니다)')).toHaveValue(text);
  await page.getByRole('radio', { name: '5', exact: true }).check();
  await page.getByRole('button', { name: '상품평 올리기' }).click();
  await expect(page).toHaveURL(orderPage);
  await expect(page.getByTestId('review-saved')).toHaveText('상품평을 보관했습니다.');

  // A picture with it, from a file chooser (a 1 × 1 PNG): under the review here and on the
  // product page.
  const dot = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
  await mine.getByLabel('사진 더하기 (3장까지)').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: dot });
  await mine.getByRole('button', { name: '사진 올리기' }).click();
  await expect(page).toHaveURL(orderPage);
  await expect(page.getByTestId('review-picture-added')).toHaveText('사진을 더했습니다.');
  await expect(page.getByTestId('own-picture')).toHaveCount(1);
  await page.goto(`/p/${product}`);
  const onProduct = page.getByTestId('review').filter({ hasText: text });
  await expect(onProduct.getByTestId('review-pictures').locator('img')).toHaveCount(1);

  // Another shopper reports it.
  const reporter = await playwright.request.newContext({ baseURL: CATALOG_SHOP });
  try {
    await newShopper(reporter, '100', CATALOG_SHOP);
    const reviews = await (await call(reporter, 'reviews/product', { id: product }, CATALOG_SHOP)).json();
    const id = reviews.items.find((r: { body: string }) => r.body === text).id;
    await call(reporter, 'reviews/report', { id: String(id) }, CATALOG_SHOP);
  } finally {
    await reporter.dispose();
  }

  // An operator hides it: a reason is needed, and the buyer reads it.
  await page.context().clearCookies();
  await page.goto('/login?next=/moderation');
  await fillSignIn(page, OPERATOR.phone, OPERATOR.password);
  await expect(page).toHaveURL(/\/moderation$/);
  const reported = page.getByTestId('reported-review').filter({ hasText: text });
  await expect(reported).toContainText('신고 1건');
  await reported.getByRole('button', { name: '숨기기' }).click();
  await expect(page.getByTestId('error-reason')).toHaveText('입력하십시오.');
  await page.getByTestId('reported-review').filter({ hasText: text }).getByLabel('숨기는 리유 (작성자가 봅니다)').fill('시험으로 숨깁니다');
  await page.getByTestId('reported-review').filter({ hasText: text }).getByRole('button', { name: '숨기기' }).click();
  await expect(page).toHaveURL(/\/moderation$/);
  await expect(page.getByTestId('reported-review').filter({ hasText: text })).toHaveCount(0);

  await page.context().clearCookies();
  await page.goto(`/login?next=${encodeURIComponent(new URL(orderPage).pathname)}`);
  await fillSignIn(page, buyer.phone, buyer.password);
  await expect(page).toHaveURL(orderPage);
  await expect(page.getByTestId('review-hidden')).toHaveText('운영자가 이 상품평을 숨겼습니다. 리유: 시험으로 숨깁니다');
  await expect(page.getByRole('button', { name: '상품평 고치기' })).toHaveCount(0);
  await expect(page.getByTestId('review-pictures')).toHaveCount(0);
});
