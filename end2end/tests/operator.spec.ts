import { test, expect, Page } from '@playwright/test';
import { buyCreamBuns, hydrated, newShopper, OPERATOR, PIN, signIn } from './helpers';

/** Today's figure in one of the dashboard's tables by day (today's row comes first). */
async function today(page: Page, table: string, cell: string): Promise<number> {
  const row = page.getByTestId(table).getByTestId(table === 'traffic-days' ? 'traffic-day' : 'sales-day').first();
  return Number(await row.getByTestId(cell).innerText());
}

// The dashboard is an office's (a PC's); the phone project walks the shop.
test.skip(({ isMobile }) => isMobile, 'the operators work on PCs');

test('the dashboard shows the day\'s page views, the search and the sale just made', async ({ browser, page, request }) => {
  const office = await browser.newContext();
  const operator = await office.newPage();
  await signIn(operator, OPERATOR.phone, OPERATOR.password, '/operator');
  await expect(operator.getByRole('heading', { level: 1, name: '운영 현황' })).toBeVisible();
  const [views, placed] = [await today(operator, 'traffic-days', 'day-views'), await today(operator, 'sales-days', 'day-placed')];

  // A shopper looks around and buys.
  const shopper = await newShopper(request, '50000');
  await signIn(page, shopper.phone, shopper.password, '/');
  await buyCreamBuns(page, '1');
  await page.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '결제하고 주문', exact: true }).click();
  await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);

  // The home page, the search, the product page and checkout were seen; one more order today.
  await operator.reload();
  await hydrated(operator);
  expect(await today(operator, 'traffic-days', 'day-views')).toBeGreaterThanOrEqual(views + 4);
  expect(await today(operator, 'sales-days', 'day-placed')).toBeGreaterThanOrEqual(placed + 1);
  await expect(operator.getByTestId('views-chart').locator('rect.bar').first()).toBeAttached();
  // The shopper's search is among the top searches; the funnel counts the order paid for.
  await expect(operator.getByTestId('searches')).toContainText('크림빵');
  expect(Number(await operator.getByTestId('funnel').locator('[data-step="paid"] td').first().innerText())).toBeGreaterThanOrEqual(1);
  // A range of days chosen with the form (no script needed: it is a GET form).
  const day = await operator.getByTestId('traffic-day').first().getAttribute('data-day');
  await operator.getByLabel('시작 날자').fill(day!);
  await operator.getByRole('button', { name: '보기', exact: true }).click();
  await expect(operator).toHaveURL(new RegExp(`/operator\\?from=${day}&to=`));
  await expect(operator.getByTestId('traffic-day')).toHaveCount(1);
  await office.close();
});
