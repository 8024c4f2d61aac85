import { test, expect, APIRequestContext, Browser, Page } from '@playwright/test';
import { buyCreamBuns, fact, hydrated, newShopper, PIN, signIn } from './helpers';

/** A shopper of this test's own, signed in on `page`, with money enough for the vans' orders. */
async function ownShopper(request: APIRequestContext, page: Page) {
  const shopper = await newShopper(request, '50000');
  await signIn(page, shopper.phone, shopper.password, '/');
}

/** Pays on the checkout page and returns the new order's number. */
async function pay(page: Page): Promise<string> {
  await page.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '결제하고 주문', exact: true }).click();
  await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);
  const number = (await page.getByRole('link', { name: /^#\d+$/ }).innerText()).replace('#', '');
  expect(number).toMatch(/^\d+$/);
  return number;
}

/** Another person in a browser of their own (a phone for couriers, a PC for the office). */
async function someone(browser: Browser, phone: string, password: string, next: string, mobile = false) {
  const context = await browser.newContext(
    mobile ? { viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true } : {},
  );
  const page = await context.newPage();
  await signIn(page, phone, password, next);
  await hydrated(page);
  return { context, page };
}

/** The order's link, `#12`, exactly. */
function orderLink(page: Page, order: string) {
  return page.getByRole('link', { name: `#${order}`, exact: true });
}

/** Seller staff accept the order and mark it ready for pickup. */
async function sellerReadies(browser: Browser, order: string) {
  const { context, page } = await someone(browser, '0191-100-0003', 'okryu-seller', '/seller');
  const row = page.getByRole('listitem').filter({ has: orderLink(page, order) });
  // What to pack, by name and number.
  await expect(row.getByRole('list', { name: '포장할 상품' })).toContainText(/크림빵 \(10개들이\) × \d+/);
  await row.getByRole('button', { name: '접수', exact: true }).click();
  await expect(row.getByText('판매자 접수', { exact: true })).toBeVisible();
  await row.getByRole('button', { name: '발송 준비 완료', exact: true }).click();
  await expect(row.getByText('발송 준비됨', { exact: true })).toBeVisible();
  await context.close();
}

/** The dispatcher's board: the order waiting for a courier (the item with a courier to choose). */
function waitingOrder(page: Page, order: string) {
  return page
    .getByRole('listitem')
    .filter({ has: orderLink(page, order) })
    .filter({ has: page.getByRole('combobox', { name: '배달원' }) });
}

/** The dispatcher's board: a courier's round (the item that names the courier alone). */
function round(page: Page, courier: string) {
  return page.getByRole('listitem').filter({ has: page.getByText(courier, { exact: true }) });
}

/** The order's state on its page (the page's one status line; the same words stand in its history). */
function orderStatus(page: Page) {
  return page.getByRole('status');
}

/** The shopper's confirmation code on the order page. */
function deliveryCode(page: Page) {
  return page.getByRole('paragraph').filter({ hasText: '확인 번호' }).getByRole('strong');
}

test('across roles: the shopper orders, the seller readies, the dispatcher assigns a motorbike, the courier delivers with the code, and the open order page shows it', async ({ browser, page, request }) => {
  test.setTimeout(120_000);
  await ownShopper(request, page);
  await buyCreamBuns(page, '1');
  const order = await pay(page);
  await page.goto(`/orders/${order}`);
  await hydrated(page);
  await expect(orderStatus(page)).toHaveText('주문됨');
  const code = (await deliveryCode(page).innerText()).trim();
  expect(code).toMatch(/^\d{4}$/);

  await sellerReadies(browser, order);

  const desk = await someone(browser, '0191-100-0004', 'okryu-dispatch', '/dispatch');
  const waiting = waitingOrder(desk.page, order);
  // The board's buttons look like the site's buttons, not the browser's bare ones.
  const assign = waiting.getByRole('button', { name: '맡기기', exact: true });
  expect(await assign.evaluate((b) => getComputedStyle(b).borderRadius)).not.toBe('0px');
  await waiting.getByRole('combobox', { name: '배달원' }).selectOption({ label: '정광일 · 오토바이' });
  await waiting.getByRole('button', { name: '맡기기', exact: true }).click();
  await expect(waiting).toHaveCount(0);
  await expect(round(desk.page, '정광일').getByRole('link', { name: `#${order}`, exact: true })).toBeVisible();
  await desk.context.close();

  const courier = await someone(browser, '0191-100-0005', 'okryu-courier', '/courier', true);
  await expect(courier.page.getByRole('figure', { name: '구역 지도' })).toBeVisible();
  // The stop: the item headed by the order's number (`#12 모란봉구역 · 배달 중`).
  const stop = courier.page
    .getByRole('listitem')
    .filter({ has: courier.page.getByRole('heading', { name: new RegExp(`^#${order}\\s`) }) });
  // No district's name on the map covers another's.
  const labels = await courier.page.locator('figure.map svg text').evaluateAll((ts) =>
    ts.map((t) => (t as SVGGraphicsElement).getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]),
  );
  expect(labels.length).toBeGreaterThan(2);
  for (const [i, a] of labels.entries()) {
    for (const b of labels.slice(i + 1)) {
      expect(a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3], `${a} covers ${b}`).toBe(false);
    }
  }
  await stop.getByRole('button', { name: '물건을 받았음', exact: true }).click();
  await expect(stop.getByRole('heading').getByText('배달 중', { exact: true })).toBeVisible();
  // Every field of the stop is labelled on the screen.
  await expect(stop.getByLabel('자세한 설명 (선택)', { exact: true })).toBeVisible();
  await expect(stop.getByLabel('리유', { exact: true })).toBeVisible();
  // The shopper's page, never reloaded, follows.
  await expect(orderStatus(page)).toHaveText('배달 중');
  await expect(fact(page, '배달원')).toContainText('정광일');
  const codeField = stop.getByLabel('확인 번호');
  const delivered = stop.getByRole('button', { name: '전달 완료', exact: true });
  await codeField.fill(code === '0000' ? '1111' : '0000');
  await delivered.click();
  await expect(stop.getByText('확인 번호가 틀립니다.', { exact: true })).toBeVisible();
  await codeField.fill(code);
  await delivered.click();
  await expect(stop).toHaveCount(0);
  // Done today: the item for the order, without a heading now.
  const done = courier.page
    .getByRole('listitem')
    .filter({ hasText: new RegExp(`^\\s*#${order}\\s`) })
    .filter({ hasNot: courier.page.getByRole('heading') });
  await expect(done).toBeVisible();
  await courier.context.close();

  await expect(orderStatus(page)).toHaveText('배달됨');
  const payment = fact(page, '결제');
  await expect(payment).toContainText('지불됨');
  await expect(payment).not.toContainText('보류');
  await expect(deliveryCode(page)).toHaveCount(0);
});

test('an order too heavy for a motorbike is offered only to vans', async ({ browser, page, request }) => {
  test.setTimeout(90_000);
  await ownShopper(request, page);
  // 34 packs of 2 litres: more than a motorbike's 60 litres.
  await buyCreamBuns(page, '34');
  const order = await pay(page);
  await page.goto(`/orders/${order}`);
  await expect(fact(page, '배달 수단과 예상 시간')).toContainText('화물차');

  await sellerReadies(browser, order);

  const desk = await someone(browser, '0191-100-0004', 'okryu-dispatch', '/dispatch');
  const waiting = waitingOrder(desk.page, order);
  const couriers = waiting.getByRole('combobox', { name: '배달원' });
  const options = await couriers.getByRole('option').allInnerTexts();
  expect(options.length).toBeGreaterThan(0);
  for (const o of options) {
    expect(o).toContain('화물차');
  }
  await couriers.selectOption({ label: '송대혁 · 화물차' });
  await waiting.getByRole('button', { name: '맡기기', exact: true }).click();
  await expect(waiting).toHaveCount(0);
  await expect(round(desk.page, '송대혁').getByRole('link', { name: `#${order}`, exact: true })).toBeVisible();
  await desk.context.close();
});
