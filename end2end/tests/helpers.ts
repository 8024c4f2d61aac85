// What several browser tests share: waiting for hydration, fresh accounts, reading amounts, and
// finding what the markup names by role or label (Korean, the default language, unless told).
import { expect, request as pwRequest, test, APIRequestContext, Browser, Locator, Page } from '@playwright/test';

/** Waits until the WASM has taken over the page. */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** A mobile number no other test run uses: 0195-NNN-NNNN. */
export function freshPhone(): string {
  const n = String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
  return `0195-${n.slice(0, 3)}-${n.slice(3)}`;
}

/** A valid resident registration number (README: YYMMDD-SNNNNNC, weights 2..9,2..5 check digit). */
export function freshResidentId(): string {
  const serial = String(Math.floor(Math.random() * 1e5)).padStart(5, '0');
  const first12 = `900101${1 + Math.floor(Math.random() * 2)}${serial}`;
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  const sum = [...first12].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  const check = (11 - (sum % 11)) % 10;
  return `${first12.slice(0, 6)}-${first12.slice(6)}${check}`;
}

/** Who the fresh accounts are, and where they live. */
export const SHOPPER_NAME = '조은별';
export const SHOPPER_PASSWORD = 'taedong river 2026';
const SHOPPER_DISTRICT = 'pyongyang-moranbong';
const SHOPPER_LINE = '모란봉거리 7, 2동 4호';

/** The demo operator (staff: shared by every spec). */
export const OPERATOR = { phone: '0191-100-0006', password: 'okryu-operator' };

export const PIN = '2468';

/**
 * Sign-up on `/signup`: asks for a code to `phone` (the first step), reads it from the demo's
 * text-message outbox, and fills the second step with it and the rest (not sent yet).
 */
export async function fillSignUp(page: Page, phone: string, residentId: string, password: string) {
  await page.getByLabel('손전화 번호', { exact: true }).fill(phone);
  await page.getByRole('button', { name: '확인 번호 받기', exact: true }).click();
  await expect(page).toHaveURL(/\/signup\?phone=/);
  await expect(page.getByLabel('손전화 번호', { exact: true })).toHaveValue(phone);
  await page.getByLabel('문자로 받은 확인 번호', { exact: true }).fill(await codeFor(page.request, phone));
  await page.getByLabel('이름', { exact: true }).fill(SHOPPER_NAME);
  await page.getByLabel('공민등록번호', { exact: true }).fill(residentId);
  await page.getByLabel('비밀번호', { exact: true }).fill(password);
  await page.getByLabel('구역', { exact: true }).selectOption(SHOPPER_DISTRICT);
  await page.getByLabel('거리, 건물, 호수', { exact: true }).fill(SHOPPER_LINE);
}

const signInWords = {
  ko: { phone: '손전화 번호', password: '비밀번호', submit: '로그인' },
  en: { phone: 'Mobile number', password: 'Password', submit: 'Sign in' },
};

/** Fills the sign-in form of the page it is on and sends it (no waiting: JavaScript may be off). */
export async function fillSignIn(page: Page, phone: string, password: string, lang: 'ko' | 'en' = 'ko') {
  const w = signInWords[lang];
  await page.getByLabel(w.phone, { exact: true }).fill(phone);
  await page.getByLabel(w.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: w.submit, exact: true }).click();
}

/** Signs in on the login page and waits for the page it leads to. */
export async function signIn(page: Page, phone: string, password: string, next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await hydrated(page);
  await fillSignIn(page, phone, password);
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, '\\$&')}$`));
}

/** `4,321.50원` → 4321.5. */
export function amount(text: string): number {
  const m = text.replace(/,/g, '').match(/(-?[\d.]+)원/);
  if (!m) throw new Error(`no amount in ${text}`);
  return Number(m[1]);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The header's link (banner landmark) named `name` exactly: "로그인", "바구니", the shopper's name… */
export function headerLink(page: Page, name: string | RegExp): Locator {
  return page.getByRole('banner').getByRole('link', typeof name === 'string' ? { name, exact: true } : { name });
}

/**
 * The value of `term` in a definition list (`<dt>term</dt><dd>value</dd>`): ARIA gives a
 * definition no name, so it is found as the next `<dd>` after its term.
 */
export function fact(scope: Page | Locator, term: string): Locator {
  return scope
    .getByRole('term')
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(term)}\\s*$`) })
    .locator('xpath=following-sibling::dd[1]');
}

/** The paragraph with the balance: `잔고 5,000원` (checkout and wallet). */
export function balance(page: Page): Locator {
  return page.getByText(/^\s*잔고\s/);
}

/** The cards of the goods a page lists (home, search, category, storefront), in either language. */
export function productCards(page: Page): Locator {
  return page.getByRole('list', { name: /^(상품 목록|Goods)$/ }).getByRole('listitem');
}

/**
 * The product page's buy box (name, price, unit price, quantity, buy buttons, "add to comparison"):
 * the region its heading, the product's name, names.
 */
export function buyBox(page: Page): Locator {
  return page.getByRole('region').filter({ has: page.getByRole('heading', { level: 1 }) });
}

/**
 * The quantity of the (one) line on the checkout page: the second cell of its row, after the
 * price (Playwright finds cells by row, not by column header).
 */
export function lineQuantity(page: Page): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('rowheader') }).getByRole('cell').nth(1);
}

/**
 * A new shopper made through the UI, in `page`: sign-up; in a browser of the operator's own, a
 * Narae card issued at the bank's counter and a deposit of `deposit` won; then the card linked on
 * the wallet page. This one spec (checkout's first) keeps these three pages' UI under test with
 * JavaScript (nojs.spec without it); every other spec takes `newShopper`.
 */
export async function fundedShopper(browser: Browser, page: Page, deposit: string): Promise<string> {
  const phone = freshPhone();
  const resident = freshResidentId();
  await page.goto('/signup');
  await hydrated(page);
  await fillSignUp(page, phone, resident, SHOPPER_PASSWORD);
  await page.getByRole('button', { name: '가입', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);

  const operator = await browser.newContext();
  const bank = await operator.newPage();
  await signIn(bank, OPERATOR.phone, OPERATOR.password, '/bank');
  await hydrated(bank);
  const card = await issueCard(bank, phone, resident);
  await payIn(bank, phone, deposit);
  await operator.close();

  await page.getByRole('link', { name: '지갑', exact: true }).click();
  await expect(page).toHaveURL(/\/wallet$/);
  await hydrated(page);
  await expect(page.getByTestId('wallet-money')).toContainText('은행 창구에서 입금하면');
  await linkCard(page, card, SHOPPER_PASSWORD);
  return phone;
}

/**
 * At the bank's counter (`bank`: the operator's page on `/bank`), a Narae card issued to the
 * holder of `phone` who shows the identity card with `resident`: its number, as the counter shows
 * it this once.
 */
export async function issueCard(bank: Page, phone: string, resident: string): Promise<string> {
  const counter = bank.getByRole('region', { name: '나래카드 발급', exact: true });
  await counter.getByLabel('손전화 번호', { exact: true }).fill(phone);
  await counter.getByLabel('공민등록번호', { exact: true }).fill(resident);
  await counter.getByRole('button', { name: '나래카드 발급', exact: true }).click();
  const number = bank.getByTestId('issued-card');
  await expect(number).toHaveText(/^9410 \d{4} \d{4} \d{4}$/);
  return (await number.innerText()).trim();
}

/** At the bank's counter, `amount` won paid in for the holder of `phone`. */
export async function payIn(bank: Page, phone: string, amount: string) {
  const counter = bank.getByRole('region', { name: '입금 기록', exact: true });
  await counter.getByLabel('손전화 번호', { exact: true }).fill(phone);
  await counter.getByLabel('금액', { exact: true }).fill(amount);
  await counter.getByRole('button', { name: '입금 기록', exact: true }).click();
  await expect(bank.getByRole('status').filter({ hasText: '입금했습니다.' })).toBeVisible();
}

/** A 16-digit number with a valid check digit that the bank has not issued (it draws its numbers at random: one chance in 10¹¹). */
export const MADE_UP_CARD = '9410 5555 5555 5554';

/** On the wallet page, the card `card` linked with `PIN`; the page confirms it and lists it. */
export async function linkCard(page: Page, card: string, password: string) {
  const form = page.getByRole('region', { name: '나래카드 등록', exact: true });
  await form.getByLabel('카드 번호 (16자리)', { exact: true }).fill(card);
  await form.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await form.getByLabel('계정 비밀번호 (본인 확인)', { exact: true }).fill(password);
  await form.getByRole('button', { name: '나래카드 등록', exact: true }).click();
  const last4 = card.slice(-4);
  await expect(page.getByRole('status').filter({ hasText: '카드를 등록했습니다' })).toContainText(`•••• ${last4}`);
  await expect(page.getByRole('listitem').filter({ hasText: '나래카드' })).toContainText(`•••• ${last4}`);
}

export type Shopper = { phone: string; password: string; name: string; resident: string };

/** The site's origin (`http://127.0.0.1:3100`), from the project's `baseURL`. */
export function siteOrigin(): string {
  const baseURL = test.info().project.use.baseURL;
  if (!baseURL) throw new Error('the Playwright project has no baseURL');
  return new URL(baseURL).origin;
}

/**
 * Calls a server function as a program does: a URL-encoded POST to `/api/<endpoint>`, from this
 * site (`Origin`: the same-origin check) asking for JSON (so no form redirect). Throws on refusal.
 */
export async function call(api: APIRequestContext, endpoint: string, form: Record<string, string>, origin = siteOrigin()) {
  const res = await api.post(`${origin}/api/${endpoint}`, {
    form,
    headers: { Origin: origin, Accept: 'application/json' },
  });
  if (!res.ok()) throw new Error(`POST /api/${endpoint}: ${res.status()} ${await res.text()}`);
  return res;
}

/** The sign-up code last texted to `phone`, as the demo's outbox shows it. */
export async function codeFor(api: APIRequestContext, phone: string, origin = siteOrigin()): Promise<string> {
  const texts: { body: string }[] = await (await call(api, 'account/outbox', { phone }, origin)).json();
  const code = /\b\d{6}\b/.exec(texts[0]?.body ?? '');
  if (!code) throw new Error(`no code was texted to ${phone}: ${JSON.stringify(texts)}`);
  return code[0];
}

/**
 * A new shopper of this test's own, made over HTTP (no browser: it works with JavaScript off):
 * signed up (one address, in Moranbong), the SIM account linked with `PIN`, and `deposit` won paid
 * in by the demo operator (in a request context, a cookie jar, of its own). `request` (the test's
 * `request` fixture) keeps the new shopper's session; the browser signs in for itself.
 */
export async function newShopper(request: APIRequestContext, deposit: string, origin = siteOrigin()): Promise<Shopper> {
  const phone = freshPhone();
  const resident = freshResidentId();
  await call(request, 'account/send-code', { phone }, origin);
  await call(request, 'account/sign-up', {
    name: SHOPPER_NAME,
    phone,
    code: await codeFor(request, phone, origin),
    resident_id: resident,
    password: SHOPPER_PASSWORD,
    district: SHOPPER_DISTRICT,
    line: SHOPPER_LINE,
  }, origin);
  await call(request, 'wallet/add-sim', { pin: PIN, password: SHOPPER_PASSWORD }, origin);

  const operator = await pwRequest.newContext({ baseURL: origin });
  try {
    await call(operator, 'account/sign-in', OPERATOR, origin);
    await call(operator, 'bank/deposit', { phone, amount: deposit }, origin);
  } finally {
    await operator.dispose();
  }
  return { phone, password: SHOPPER_PASSWORD, name: SHOPPER_NAME, resident };
}

/** Staff do something through the API, signed in as `who` in a cookie jar of their own. */
export async function asStaff(who: { phone: string; password: string }, endpoint: string, form: Record<string, string>, origin = siteOrigin()) {
  const staff = await pwRequest.newContext({ baseURL: origin });
  try {
    await call(staff, 'account/sign-in', who, origin);
    await call(staff, endpoint, form, origin);
  } finally {
    await staff.dispose();
  }
}

/** The demo seller's staff (Kumsong Food Factory). */
export const SELLER = { phone: '0191-100-0003', password: 'okryu-seller' };
/** The demo courier (a motorbike in Pyongyang). */
export const COURIER = { phone: '0191-100-0005', password: 'okryu-courier' };

/**
 * A placed order of the demo seller's goods, delivered over the API: the seller's staff accept
 * it and mark it ready, an operator gives it to the demo courier, who picks it up and hands it
 * over with the shopper's `code`.
 */
export async function deliverOrder(order: string, code: string, origin = siteOrigin()) {
  for (const to of ['accepted', 'ready']) {
    await asStaff(SELLER, 'orders/advance', { id: order, to, note: '' }, origin);
  }
  const courier = await pwRequest.newContext({ baseURL: origin });
  try {
    await call(courier, 'account/sign-in', COURIER, origin);
    const me: { id: number } = await (await call(courier, 'account/me', {}, origin)).json();
    await asStaff(OPERATOR, 'dispatch/assign', { id: order, courier: String(me.id) }, origin);
    await call(courier, 'courier/pick-up', { id: order }, origin);
    await call(courier, 'courier/deliver', { id: order, code }, origin);
  } finally {
    await courier.dispose();
  }
}

/** From the search to the cream buns' product page, then "buy now" with `quantity`. */
export async function buyCreamBuns(page: Page, quantity: string) {
  await page.goto('/search?q=' + encodeURIComponent('크림빵'));
  await hydrated(page);
  await productCards(page).filter({ hasText: '금성식료공장' }).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('크림빵');
  await hydrated(page);
  await page.getByLabel('수량', { exact: true }).fill(quantity);
  await page.getByRole('button', { name: '바로 사기', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/checkout\\?item=\\d+&qty=${quantity}$`));
  await expect(page.getByRole('heading', { level: 1, name: '주문 확인' })).toBeVisible();
  await hydrated(page);
}

/**
 * The second shop (`playwright.config.ts`): the same demo data on a database of its own, for the
 * tests that change the catalog. `test.use({ baseURL: CATALOG_SHOP })` sends a spec's pages there.
 */
export const CATALOG_SHOP = `http://${process.env.E2E_CATALOG_ADDR ?? '127.0.0.1:3101'}`;
/** The shop whose clock started at Pyongyang's noon (its restaurants are open). */
export const LUNCH_SHOP = `http://${process.env.E2E_LUNCH_ADDR ?? '127.0.0.1:3102'}`;
/** The shop whose clock a test may move a day on (`POST /test/clock`), starting at noon. */
export const CLOCK_SHOP = `http://${process.env.E2E_CLOCK_ADDR ?? '127.0.0.1:3103'}`;
/** Okryukwan's kitchen (demo restaurant staff). */
export const KITCHEN = { phone: '0191-100-0010', password: 'okryu-kitchen' };
