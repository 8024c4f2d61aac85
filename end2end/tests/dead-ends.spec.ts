import { test, expect, Page } from '@playwright/test';
import { amount, buyCreamBuns, fillSignIn, headerLink, hydrated, newShopper, PIN, productCards, signIn } from './helpers';

// No dead ends: a refusal at checkout says why and what to do, signing in keeps the shopper's
// place, the header counts the cart, a guest's cart is priced, and cancelling asks first.

/** Opens the first card whose text has `text` on the list at `list`, and puts it in the cart. */
async function addToCart(page: Page, list: string, text: string) {
  await page.goto(list);
  await productCards(page).filter({ hasText: text }).first().getByRole('link').click();
  await expect(page).toHaveURL(/\/p\/\d+$/);
  await hydrated(page);
  await page.getByRole('button', { name: '바구니에 담기', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '바구니에 담았습니다.' })).toBeVisible();
}

const CREAM_BUNS = '/search?q=' + encodeURIComponent('크림빵') + '&seller=kumsong-food';

test('goods a far seller cannot deliver are named with the reason, stay in the cart, and the rest is paid', async ({ page, request }) => {
  const shopper = await newShopper(request, '5000');
  await signIn(page, shopper.phone, shopper.password, '/');
  // Toothpaste from Sinuiju, 217 km away: one tube is under the long-distance minimum order.
  await addToCart(page, '/s/sinuiju-cosmetics', '치약');
  await addToCart(page, CREAM_BUNS, '크림빵');

  await page.goto('/cart');
  await expect(headerLink(page, '바구니, 상품 2가지')).toBeVisible();
  await page.getByRole('link', { name: '주문하기', exact: true }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  const far = page.getByTestId('seller-group').filter({ hasText: '신의주화장품공장' });
  const why = far.getByTestId('undeliverable');
  await expect(why).toContainText('50km가 넘는 배달은 500원 이상 주문해야 합니다');
  await expect(why).toContainText('이번 주문에서 빠지고 바구니에 남습니다');
  const total = amount(await page.getByTestId('grand-total').innerText());
  expect(total).toBeGreaterThan(0);

  await page.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '결제하고 주문', exact: true }).click();
  await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);
  await expect(page.getByRole('listitem')).toHaveCount(1);
  expect(amount(await page.getByTestId('order-total').innerText())).toBe(total);

  // The toothpaste waits in the cart; taken out there, the cart is empty.
  await page.goto('/cart');
  await expect(page.getByRole('row').filter({ hasText: '치약' })).toHaveCount(1);
  await expect(page.getByRole('row').filter({ hasText: '크림빵' })).toHaveCount(0);
  await expect(headerLink(page, '바구니, 상품 1가지')).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: '빼기', exact: true }).click();
  await expect(page.getByText('바구니가 비여 있습니다.', { exact: true })).toBeVisible();
});

test("a guest's cart shows the delivery fee and total once a district is chosen", async ({ page }) => {
  await addToCart(page, CREAM_BUNS, '크림빵');
  await page.goto('/cart');
  await expect(headerLink(page, '바구니, 상품 1가지')).toBeVisible();
  await expect(page.getByTestId('totals')).toHaveCount(0);
  await page.getByLabel('배달 받을 곳', { exact: true }).selectOption('pyongyang-moranbong');
  await page.getByRole('button', { name: '적용', exact: true }).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByText(/배달비 \d/)).toBeVisible();
  expect(amount(await page.getByTestId('grand-total').innerText())).toBeGreaterThan(0);
});

test("the header's sign-in comes back to the page it was pressed on", async ({ page }) => {
  await page.goto(CREAM_BUNS);
  await productCards(page).first().getByRole('link').click();
  await expect(page).toHaveURL(/\/p\/\d+$/);
  const product = page.url();
  await headerLink(page, '로그인').click();
  await expect(page).toHaveURL(/\/login\?next=%2Fp%2F\d+$|\/login\?next=\/p\/\d+$/);
  await hydrated(page);
  await fillSignIn(page, '0191-100-0001', 'okryu-shopper');
  await expect(page).toHaveURL(product);
  await expect(headerLink(page, '김은정')).toBeVisible();
});

test('cancelling an order asks first; "no" keeps it, "yes" cancels it, in Korean', async ({ page, request }) => {
  const shopper = await newShopper(request, '5000');
  await signIn(page, shopper.phone, shopper.password, '/');
  await buyCreamBuns(page, '1');
  await page.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '결제하고 주문', exact: true }).click();
  await page.getByRole('link', { name: /^#\d+$/ }).click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);

  await page.getByRole('link', { name: '주문 취소', exact: true }).click();
  const ask = page.getByRole('alertdialog', { name: /이 주문을 취소하시겠습니까/ });
  await expect(ask).toBeVisible();
  await ask.getByRole('link', { name: '아니오, 주문을 유지합니다', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('주문됨');
  await expect(page.getByRole('alertdialog')).toHaveCount(0);

  await page.getByRole('link', { name: '주문 취소', exact: true }).click();
  await hydrated(page);
  await page.getByRole('button', { name: '예, 취소합니다', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('취소됨');
  await expect(page.getByTestId('timeline')).toContainText('주문자가 취소함');
  await expect(page.getByTestId('timeline')).not.toContainText('cancelled by');
});

for (const lang of ['ko', 'en'] as const) {
  test(`on a 390 px phone the header is two rows, the language switch beside the search box (${lang})`, async ({ page, context, baseURL }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await context.addCookies([{ name: 'lang', value: lang, url: baseURL! }]);
    await page.goto('/');
    const header = await page.getByRole('banner').boundingBox();
    expect(header!.height).toBeLessThan(125);
    const search = await page.getByRole('searchbox').boundingBox();
    const toggle = await page.getByTestId('lang-switch').boundingBox();
    expect(Math.abs(toggle!.y + toggle!.height / 2 - (search!.y + search!.height / 2))).toBeLessThan(4);
  });
}

test("a cart line's seller and city read as one heading, with no box around the city", async ({ page }) => {
  await addToCart(page, CREAM_BUNS, '크림빵');
  await page.goto('/cart');
  const heading = page.getByTestId('seller-group').getByRole('heading', { level: 2 });
  await expect(heading).toHaveText('금성식료공장 · 평양');
  const city = heading.getByText('· 평양');
  expect(await city.evaluate((e) => getComputedStyle(e).borderTopWidth)).toBe('0px');
});

test('socks of different colours, and different kinds of goods, have different pictures', async ({ page }) => {
  const picture = async (q: string, name: string) => {
    await page.goto('/search?q=' + encodeURIComponent(q) + '&seller=pyongyang-socks');
    const card = productCards(page).filter({ has: page.getByText(name, { exact: true }) }).first();
    return card.locator('img').getAttribute('src');
  };
  const white = await picture('면양말', '면양말 흰색');
  const black = await picture('면양말', '면양말 검은색');
  const sky = await picture('면양말', '면양말 하늘색');
  const gloves = await picture('장갑', '장갑 흰색');
  expect(new Set([white, black, sky, gloves]).size).toBe(4);
});

test('a typo finds nothing but offers the word meant; a seller\'s name narrows the search', async ({ page }) => {
  await page.goto('/search?q=' + encodeURIComponent('크림방'));
  await expect(page.getByTestId('no-results')).toBeVisible();
  await page.getByTestId('did-you-mean').getByRole('link', { name: '크림빵', exact: true }).click();
  await expect(page).toHaveURL(/\/search\?q=%ED%81%AC%EB%A6%BC%EB%B9%B5$/);
  await expect(productCards(page).first()).toContainText('크림빵');

  await page.goto('/search?q=' + encodeURIComponent('크림빵 금성'));
  await expect(productCards(page)).not.toHaveCount(0);
  for (const card of await productCards(page).all()) {
    await expect(card).toContainText('금성식료공장');
  }
});
