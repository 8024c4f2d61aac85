import { test, expect, Browser, Page } from '@playwright/test';
import { buyCreamBuns, hydrated, signIn } from './helpers';

/**
 * The demo shopper (50,000 won, PIN 1234 on both instruments). A fresh account per test would
 * count against the sign-up limit per client address (10 an hour), which the other suites use.
 */
async function demoShopper(page: Page) {
  await signIn(page, '0191-100-0001', 'okryu-shopper', '/');
}

/** Pays on the checkout page and returns the new order's number. */
async function pay(page: Page): Promise<string> {
  await page.getByTestId('input-pin').fill('1234');
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);
  const number = (await page.getByTestId('order-number').innerText()).replace('#', '');
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

/** Seller staff accept the order and mark it ready for pickup. */
async function sellerReadies(browser: Browser, order: string) {
  const { context, page } = await someone(browser, '0191-100-0003', 'okryu-seller', '/seller');
  const row = page
    .getByTestId('incoming-order')
    .filter({ has: page.getByRole('link', { name: `#${order}`, exact: true }) });
  await row.getByTestId('advance').click();
  await expect(row.getByTestId('incoming-status')).toHaveText('판매자 접수');
  await row.getByTestId('advance').click();
  await expect(row.getByTestId('incoming-status')).toHaveText('발송 준비됨');
  await context.close();
}

test('across roles: the shopper orders, the seller readies, the dispatcher assigns a motorbike, the courier delivers with the code, and the open order page shows it', async ({ browser, page }) => {
  test.setTimeout(120_000);
  await demoShopper(page);
  await buyCreamBuns(page, '1');
  const order = await pay(page);
  await page.goto(`/orders/${order}`);
  await hydrated(page);
  await expect(page.getByTestId('status')).toHaveText('주문됨');
  const code = (await page.getByTestId('delivery-code').innerText()).trim();
  expect(code).toMatch(/^\d{4}$/);

  await sellerReadies(browser, order);

  const desk = await someone(browser, '0191-100-0004', 'okryu-dispatch', '/dispatch');
  const waiting = desk.page.locator(`[data-testid="board-order"][data-order="${order}"]`);
  await waiting.getByTestId('assign-courier').selectOption({ label: '정광일 · 오토바이' });
  await waiting.getByTestId('assign').click();
  await expect(waiting).toHaveCount(0);
  const round = desk.page.locator('[data-testid="round"][data-courier="정광일"]');
  await expect(round.getByRole('link', { name: `#${order}`, exact: true })).toBeVisible();
  await desk.context.close();

  const courier = await someone(browser, '0191-100-0005', 'okryu-courier', '/courier', true);
  await expect(courier.page.getByTestId('map')).toBeVisible();
  const stop = courier.page.locator(`[data-testid="stop"][data-order="${order}"]`);
  await stop.getByTestId('pick-up').click();
  await expect(stop.getByTestId('stop-status')).toHaveText('배달 중');
  // The shopper's page, never reloaded, follows.
  await expect(page.getByTestId('status')).toHaveText('배달 중');
  await expect(page.getByTestId('courier')).toContainText('정광일');
  await stop.getByTestId('code-input').fill(code === '0000' ? '1111' : '0000');
  await stop.getByTestId('delivered').click();
  await expect(stop.getByTestId('error-code')).toHaveText('확인 번호가 틀립니다.');
  await stop.getByTestId('code-input').fill(code);
  await stop.getByTestId('delivered').click();
  await expect(stop).toHaveCount(0);
  await expect(courier.page.getByTestId('done-stop').filter({ hasText: `#${order}` })).toBeVisible();
  await courier.context.close();

  await expect(page.getByTestId('status')).toHaveText('배달됨');
  await expect(page.getByTestId('payment')).toContainText('지불됨');
  await expect(page.getByTestId('payment')).not.toContainText('보류');
  await expect(page.getByTestId('delivery-code')).toHaveCount(0);
});

test('an order too heavy for a motorbike is offered only to vans', async ({ browser, page }) => {
  test.setTimeout(90_000);
  await demoShopper(page);
  // 34 packs of 2 litres: more than a motorbike's 60 litres.
  await buyCreamBuns(page, '34');
  const order = await pay(page);
  await page.goto(`/orders/${order}`);
  await expect(page.getByTestId('vehicle')).toContainText('화물차');

  await sellerReadies(browser, order);

  const desk = await someone(browser, '0191-100-0004', 'okryu-dispatch', '/dispatch');
  const waiting = desk.page.locator(`[data-testid="board-order"][data-order="${order}"]`);
  const options = await waiting.getByTestId('assign-courier').locator('option').allInnerTexts();
  expect(options.length).toBeGreaterThan(0);
  for (const o of options) {
    expect(o).toContain('화물차');
  }
  await waiting.getByTestId('assign-courier').selectOption({ label: '송대혁 · 화물차' });
  await waiting.getByTestId('assign').click();
  await expect(waiting).toHaveCount(0);
  const round = desk.page.locator('[data-testid="round"][data-courier="송대혁"]');
  await expect(round.getByRole('link', { name: `#${order}`, exact: true })).toBeVisible();
  await desk.context.close();
});
