import { test, expect, Page } from '@playwright/test';
import { asStaff, buyCreamBuns, hydrated, newShopper, PIN, SELLER, signIn } from './helpers';

// What the islands rely on and what they cost a phone.

test('the island script still offers the hook that wakes islands in replaced content', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  // Leptos's private `window.__hydrateIsland`: the one place reaching for it is
  // `hydrate_islands_in` (src/ui/browser.rs). A Leptos update that takes it away fails here.
  const hook = await page.evaluate(() => typeof (window as unknown as { __hydrateIsland?: unknown }).__hydrateIsland);
  expect(hook).toBe('function');
});

/** Pays on the checkout page and returns the new order's number. */
async function pay(page: Page): Promise<string> {
  await page.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '결제하고 주문', exact: true }).click();
  await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);
  return (await page.getByRole('link', { name: /^#\d+$/ }).innerText()).replace('#', '');
}

test('an open order page reads the page again only when the order changed', async ({ page, request }) => {
  const shopper = await newShopper(request, '5000');
  await signIn(page, shopper.phone, shopper.password, '/');
  await buyCreamBuns(page, '1');
  const order = await pay(page);
  await page.goto(`/orders/${order}`);
  await hydrated(page);
  const reread: string[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === `/orders/${order}`) reread.push(req.url());
  });

  // While nothing changes: a 304 without a body, and the page is not read again.
  const quiet = await page.waitForResponse(
    (res) => res.url().includes(`/api/orders/live?id=${order}`) && res.status() === 304,
  );
  expect(await quiet.headerValue('etag')).toMatch(/^"placed-/);
  expect(reread).toEqual([]);

  // The seller accepts it: the page hears of it, reads itself once, and shows it.
  await asStaff(SELLER, 'orders/advance', { id: order, to: 'accepted', note: '' });
  await expect(page.getByRole('status')).toHaveText('판매자 접수');
  expect(reread).toHaveLength(1);
});
