import { test, expect, Page, Locator } from '@playwright/test';
import { amount, hydrated } from './helpers';

/** The cells of one row of the comparison, found by its label. */
function row(page: Page, label: string): Locator {
  return page.getByTestId('comparison').locator('tbody tr').filter({ has: page.locator('th', { hasText: label }) }).locator('td');
}

test('three sock offers side by side: cheapest marked, delivered prices, a 5th refused, kept across reloads', async ({ page, isMobile }) => {
  const count = page.getByTestId('compare-count');

  // 1. From a search result: Pyongyang Sock Factory's white cotton socks.
  await page.goto('/search?q=' + encodeURIComponent('면양말 흰색'));
  await hydrated(page);
  await page.getByTestId('product-card').filter({ hasText: '평양양말공장' }).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('면양말 흰색');
  await page.getByTestId('buy').getByTestId('compare-add').click();
  await expect(count).toHaveText('1');
  await expect(page.getByTestId('compare-in-tray').first()).toBeVisible();

  // 2. From the product page's other sellers: Pyongsong Hosiery Factory's.
  await page.getByTestId('other-offers').getByRole('link', { name: '평성양말공장' }).click();
  const buyBox = page.getByTestId('buy');
  await expect(buyBox).toContainText('평성양말공장');
  await buyBox.getByTestId('compare-add').click();
  await expect(count).toHaveText('2');

  // 3. From the group page of all sellers: the Kwangbok Area Supermarket's.
  await page.getByTestId('group-link').click();
  const kwangbok = page.getByTestId('offer').filter({ hasText: '광복지구상업중심' });
  await kwangbok.getByTestId('compare-add').click();
  await expect(count).toHaveText('3');

  // The comparison: one column each, the cheapest per pair marked.
  await page.getByTestId('compare-tray').click();
  await expect(page.getByTestId('compare-column')).toHaveCount(3);
  const unitCells = row(page, '단위 가격');
  const units = (await unitCells.allTextContents()).map(amount);
  const marked = unitCells.filter({ has: page.getByTestId('cheapest-unit') });
  await expect(marked.first()).toBeVisible();
  expect(amount((await marked.first().textContent()) ?? '')).toBe(Math.min(...units));

  // Choosing a district prices delivery to it, in every column.
  await expect(row(page, '배달비').first()).toHaveText('구역을 고르십시오');
  await page.getByLabel('배달 받을 곳').selectOption('pyongyang-central');
  await page.getByTestId('deliver-to').getByRole('button').click();
  await expect(page).toHaveURL(/\/compare$/);
  await hydrated(page);
  const fees = row(page, '배달비');
  await expect(fees).toHaveCount(3);
  for (const fee of await fees.allTextContents()) expect(fee).toMatch(/^[\d,.]+원$/);
  // Pyongyang Sock Factory is 400 m from the Central District: 20 + 3 × 0.4 = 21.20 won by motorbike.
  const pyongyang = page.getByTestId('compare-column').filter({ hasText: '평양양말공장' });
  await expect(pyongyang).toBeVisible();
  await expect(fees.nth(0)).toHaveText('21.20원');
  const totals = row(page, '배달 포함 값');
  for (const total of await totals.allTextContents()) expect(amount(total)).toBeGreaterThan(21.2);
  await expect(row(page, '배달 수단과 예상 시간').first()).toContainText('오토바이');
  await expect(page.getByTestId('cheapest-delivered').first()).toBeVisible();

  if (isMobile) {
    // The columns swipe sideways; the labels stay in view.
    const scroller = page.getByTestId('comparison');
    await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    const label = page.getByTestId('comparison').locator('tbody th', { hasText: '배달비' });
    const box = await label.boundingBox();
    expect(box && box.x).toBeGreaterThanOrEqual(0);
    expect(box && box.x).toBeLessThan(20);
  }

  // A 4th item fits; a 5th is refused with a message and changes nothing.
  await page.goto('/search?q=' + encodeURIComponent('크림빵'));
  await hydrated(page);
  const cards = page.getByTestId('product-card');
  const second = (await cards.nth(1).getByRole('link').getAttribute('href')) ?? '';
  await cards.nth(0).getByRole('link').click();
  await expect(buyBox).toBeVisible();
  await buyBox.getByTestId('compare-add').click();
  await expect(count).toHaveText('4');
  await page.goBack();
  await cards.nth(1).getByRole('link').click();
  await expect(page).toHaveURL(second);
  await buyBox.getByTestId('compare-add').click();
  await expect(page.getByTestId('compare-refused').first()).toHaveText(/4개까지만/);
  await expect(count).toHaveText('4');

  // The tray survives a reload.
  await page.reload();
  await hydrated(page);
  await expect(count).toHaveText('4');
  await page.goto('/compare');
  await expect(page.getByTestId('compare-column')).toHaveCount(4);

  // Taking one out frees a place.
  await page.getByTestId('compare-remove').last().click();
  await expect(page.getByTestId('compare-column')).toHaveCount(3);
  await expect(count).toHaveText('3');
});

test('the product page charts the last 90 days of prices with the lowest and highest marked', async ({ page }) => {
  await page.goto('/search?q=' + encodeURIComponent('면양말'));
  // Three of four demo products changed price lately; one of the first few has a chart with marks.
  const links = page.getByTestId('product-card').getByRole('link');
  for (let i = 0; i < 4; i++) {
    await links.nth(i).click();
    if (await page.getByTestId('price-min').count()) break;
    await page.goBack();
  }
  const chart = page.getByTestId('price-history');
  await expect(chart.locator('svg path')).toHaveCount(1);
  await expect(chart.locator('circle')).toHaveCount(2);
  const low = amount((await page.getByTestId('price-min').textContent()) ?? '');
  const high = amount((await page.getByTestId('price-max').textContent()) ?? '');
  expect(low).toBeLessThan(high);
});
