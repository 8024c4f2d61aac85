import { test, expect } from '@playwright/test';
import {
  fillSignIn, fillSignUp, freshPhone, freshResidentId, headerLink, issueCard, linkCard, MADE_UP_CARD, newShopper, OPERATOR, PIN,
  productCards, SELLER,
} from './helpers';

// The nojs project runs this with JavaScript turned off: every step is a link, a GET form or a
// POST form answered by the server.

test('without JavaScript: search 크림빵 → product → add to cart → sign in → checkout → PIN → placed → in the orders', async ({ page, request }) => {
  // This test's own shopper: their cart starts empty.
  const shopper = await newShopper(request, '5000');

  await page.goto('/');
  await page.getByRole('searchbox').fill('크림빵');
  await page.getByRole('button', { name: '검색' }).click();
  await expect(page).toHaveURL(/\/search\?q=/);
  await productCards(page).filter({ hasText: '금성식료공장' }).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('크림빵 (10개들이)');
  const product = page.url();

  await page.getByLabel('수량', { exact: true }).fill('2');
  await page.getByRole('button', { name: '바구니에 담기', exact: true }).click();
  await expect(page).toHaveURL(product);
  await expect(page.getByRole('status').filter({ hasText: '바구니에 담았습니다.' })).toBeVisible();

  // The header's sign-in comes back to the product; the guest's cart joined the account's.
  await headerLink(page, '로그인').click();
  await fillSignIn(page, shopper.phone, shopper.password);
  await expect(page).toHaveURL(product);
  await expect(headerLink(page, shopper.name)).toHaveText(shopper.name);

  await headerLink(page, '바구니, 상품 1가지').click();
  const line = page.getByRole('row').filter({ hasText: '크림빵' });
  await expect(line.getByLabel('수량', { exact: true })).toHaveValue('2');
  await page.getByRole('link', { name: '주문하기', exact: true }).click();
  await expect(page).toHaveURL(/\/checkout$/);
  await page.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '결제하고 주문', exact: true }).click();
  await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);
  const number = (await page.getByRole('link', { name: /^#\d+$/ }).first().innerText()).trim();

  await page.goto('/orders');
  await expect(
    page.getByRole('row').filter({ has: page.getByRole('link', { name: number, exact: true }) }).first(),
  ).toBeVisible();
});

test('without JavaScript: a wrong PIN comes back beside its field, and nothing is paid', async ({ page, request }) => {
  const shopper = await newShopper(request, '5000');
  await page.goto('/login?next=' + encodeURIComponent('/checkout?item=1&qty=1'));
  await fillSignIn(page, shopper.phone, shopper.password);
  await expect(page).toHaveURL(/\/checkout\?item=1&qty=1$/);
  const pin = page.getByLabel('PIN (4자리)', { exact: true });
  await pin.fill('0000');
  await page.getByRole('button', { name: '결제하고 주문', exact: true }).click();
  // Beside its field: the error is the field's description (`aria-describedby`).
  await expect(pin).toHaveAccessibleDescription(/PIN이 맞지 않습니다/);
  await expect(pin).toHaveAttribute('aria-invalid', 'true');
  await expect(pin).toHaveValue('');
});

test('without JavaScript: a sign-up with a bad phone number shows the error beside the field and keeps the rest', async ({ page }) => {
  await page.goto('/signup');
  const resident = freshResidentId();
  await fillSignUp(page, freshPhone(), resident, 'taedong river 2026');
  await page.getByLabel('손전화 번호', { exact: true }).fill('0191-23');
  await page.getByRole('button', { name: '가입', exact: true }).click();
  await expect(page).toHaveURL(/\/signup\?phone=/);
  const field = (label: string) => page.getByLabel(label, { exact: true });
  await expect(field('손전화 번호')).not.toHaveAccessibleDescription('');
  await expect(field('손전화 번호')).toHaveAttribute('aria-invalid', 'true');
  await expect(field('이름')).toHaveAccessibleDescription('');
  await expect(field('이름')).toHaveValue('조은별');
  await expect(field('손전화 번호')).toHaveValue('0191-23');
  await expect(field('공민등록번호')).toHaveValue(resident);
  await expect(field('구역')).toHaveValue('pyongyang-moranbong');
  await expect(field('거리, 건물, 호수')).toHaveValue('모란봉거리 7, 2동 4호');
  await expect(field('비밀번호')).toHaveValue('');
  await expect(headerLink(page, '로그인')).toBeVisible();
});

test('without JavaScript: cancelling an order asks first, then cancels it', async ({ page, request }) => {
  const shopper = await newShopper(request, '5000');
  await page.goto('/login?next=' + encodeURIComponent('/checkout?item=1&qty=1'));
  await fillSignIn(page, shopper.phone, shopper.password);
  await page.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '결제하고 주문', exact: true }).click();
  await page.getByRole('link', { name: /^#\d+$/ }).click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  const order = page.url();

  await page.getByRole('link', { name: '주문 취소', exact: true }).click();
  await expect(page.getByRole('alertdialog', { name: /이 주문을 취소하시겠습니까/ })).toBeVisible();
  await page.getByRole('button', { name: '예, 취소합니다', exact: true }).click();
  await expect(page.getByTestId('status')).toHaveText('취소됨');
  await expect(page.getByTestId('timeline')).toContainText('주문자가 취소함');
  expect(page.url().startsWith(order)).toBe(true);
});

test('without JavaScript: buying now as a guest shows the sign-in form, which comes back to that checkout', async ({ page }) => {
  await page.goto('/checkout?item=1&qty=4');
  await expect(page.getByRole('heading', { level: 1, name: '로그인하십시오' })).toBeVisible();
  await fillSignIn(page, '0191-100-0001', 'okryu-shopper');
  await expect(page).toHaveURL(/\/checkout\?item=1&qty=4$/);
  await expect(page.getByTestId('line-quantity')).toHaveText('4');
});

test('without JavaScript: the bank counter issues a card to the holder who shows their identity, once; only that card links, and the wallet confirms it', async ({ browser, page, request }) => {
  const shopper = await newShopper(request, '100');

  const clerk = await browser.newContext({ javaScriptEnabled: false });
  const bank = await clerk.newPage();
  await bank.goto('/login?next=' + encodeURIComponent('/bank'));
  await fillSignIn(bank, OPERATOR.phone, OPERATOR.password);
  await expect(bank).toHaveURL(/\/bank$/);
  // Someone else's identity card: refused beside its field.
  const counter = bank.getByRole('region', { name: '나래카드 발급', exact: true });
  await counter.getByLabel('손전화 번호', { exact: true }).fill(shopper.phone);
  await counter.getByLabel('공민등록번호', { exact: true }).fill(freshResidentId());
  await counter.getByRole('button', { name: '나래카드 발급', exact: true }).click();
  await expect(counter.getByLabel('공민등록번호', { exact: true })).toHaveAccessibleDescription(/계정 주인의 것이 아닙니다/);
  await expect(bank.getByTestId('issued-card')).toHaveCount(0);
  const card = await issueCard(bank, shopper.phone, shopper.resident);
  // The whole number is shown this once.
  await bank.reload();
  await expect(bank.getByTestId('issued-card')).toHaveCount(0);
  await clerk.close();

  await page.goto('/login?next=' + encodeURIComponent('/wallet'));
  await fillSignIn(page, shopper.phone, shopper.password);
  await expect(page).toHaveURL(/\/wallet$/);
  await expect(page.getByTestId('wallet-money')).toContainText('은행 창구에서 입금하면');
  const form = page.getByRole('region', { name: '나래카드 등록', exact: true });
  await form.getByLabel('카드 번호 (16자리)', { exact: true }).fill(MADE_UP_CARD);
  await form.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await form.getByLabel('계정 비밀번호 (본인 확인)', { exact: true }).fill(shopper.password);
  await form.getByRole('button', { name: '나래카드 등록', exact: true }).click();
  await expect(form.getByLabel('카드 번호 (16자리)', { exact: true })).toHaveAccessibleDescription(/발급하지 않았습니다/);
  await expect(page.getByRole('listitem').filter({ hasText: '나래카드' })).toHaveCount(0);
  await linkCard(page, card, shopper.password);
});

test('without JavaScript: seller staff price a good on the console; a bad price comes back beside its field and changes nothing', async ({ page }) => {
  await page.goto('/login?next=' + encodeURIComponent('/seller'));
  await fillSignIn(page, SELLER.phone, SELLER.password);
  await expect(page).toHaveURL(/\/seller$/);
  // The first good's price, sent back as it is (other tests buy these goods at their prices: the
  // Rust suite changes prices, on databases of its own).
  const row = () => page.getByTestId('console-item').first();
  const price = () => row().getByRole('textbox', { name: '가격 (원)', exact: true });
  const was = await price().inputValue();
  expect(Number(was)).toBeGreaterThan(0);
  await price().fill('0');
  await row().getByRole('button', { name: '보관', exact: true }).first().click();
  await expect(price()).toHaveAccessibleDescription(/가격은 0보다 크고/);
  await expect(price()).toHaveValue('0');
  await page.goto('/seller');
  await expect(price()).toHaveValue(was);
  await row().getByRole('button', { name: '보관', exact: true }).first().click();
  await expect(row().getByRole('status')).toHaveText('보관했습니다.');
  await expect(price()).toHaveValue(was);
});
