// A standing order: a shopper finds Kumsong's yoghurt (its milk is sold out in the demo), sets up
// a daily delivery with the PIN, and
// the shop's clock is moved a day on (a test-only setting of its own shop): the delivery was
// ordered the evening before, it is in `/orders`, and the next delivery is a later day.
import { test, expect } from '@playwright/test';
import { CLOCK_SHOP, newShopper, PIN, signIn } from './helpers';

test.use({ baseURL: CLOCK_SHOP });

test('a shopper subscribes to daily yoghurt with the PIN, and a day later it was ordered', async ({ page, request }) => {
  const shopper = await newShopper(request, '5000', CLOCK_SHOP);
  await signIn(page, shopper.phone, shopper.password, '/orders');
  await page.goto('/s/kumsong-food?q=' + encodeURIComponent('요구르트'));
  const yoghurt = page.getByTestId('product-card').filter({ has: page.locator('.card-name', { hasText: /^요구르트 딸기맛$/ }) });
  await yoghurt.first().locator('a').click();
  await expect(page).toHaveURL(/\/p\/\d+$/);
  await page.getByTestId('subscribe-link').click();
  await expect(page).toHaveURL(/\/subscriptions\/new\?item=\d+$/);
  await expect(page.getByTestId('authorisation')).toContainText('PIN없이 결제');
  await page.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '정기배달 신청', exact: true }).click();
  await expect(page).toHaveURL(/\/subscriptions$/);
  await expect(page.getByTestId('standing')).toHaveCount(1);
  const first = Number(await page.getByTestId('next-delivery').getAttribute('data-day'));
  expect(first).toBeGreaterThan(0);

  const moved = await request.post(`${CLOCK_SHOP}/test/clock?days=1`);
  expect(moved.ok()).toBe(true);
  expect((await moved.json()).errors).toBe(0);

  // A day on, the session has idled out: signed in again.
  await signIn(page, shopper.phone, shopper.password, '/orders');
  await expect(page.getByTestId('order-row').first()).toContainText('금성식료공장');
  await page.goto('/subscriptions');
  const next = Number(await page.getByTestId('next-delivery').getAttribute('data-day'));
  expect(next).toBeGreaterThan(first);
  await expect(page.getByTestId('standing-recent')).toContainText('주문됨');
});
