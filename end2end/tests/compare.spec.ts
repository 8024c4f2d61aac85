import { test, expect, Page, Locator } from '@playwright/test';
import { amount, buyBox, headerLink, hydrated, productCards } from './helpers';

/** The cells of one row of the comparison, found by its row header. */
function row(page: Page, label: string): Locator {
  return page
    .getByRole('table')
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: label, exact: true }) })
    .getByRole('cell');
}

/** The comparison's columns: one per offer (the ones with a link to their product). */
function columns(page: Page): Locator {
  return page.getByRole('columnheader').filter({ has: page.getByRole('link') });
}

test('three sock offers side by side: cheapest marked, delivered prices, a 5th refused, kept across reloads', async ({ page, isMobile }) => {
  // The header's link to the comparison says how many items the tray holds: `비교 3`.
  const tray = headerLink(page, /^비교/);
  const inTray = (n: number) => expect(tray).toHaveText(new RegExp(`^비교\\s*${n}$`));
  const compareAdd = { name: '비교에 담기', exact: true };

  // 1. From a search result: Pyongyang Sock Factory's white cotton socks.
  await page.goto('/search?q=' + encodeURIComponent('면양말 흰색'));
  await hydrated(page);
  await productCards(page).filter({ hasText: '평양양말공장' }).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('면양말 흰색');
  await buyBox(page).getByRole('button', compareAdd).click();
  await inTray(1);
  await expect(page.getByRole('link', { name: '비교 목록에 있음 ✓', exact: true }).first()).toBeVisible();

  // 2. From the product page's other sellers (the page's one table): Pyongsong Hosiery Factory's.
  await page.getByRole('table').getByRole('link', { name: '평성양말공장' }).click();
  const buy = buyBox(page);
  await expect(buy).toContainText('평성양말공장');
  await buy.getByRole('button', compareAdd).click();
  await inTray(2);

  // 3. From the group page of all sellers: the Kwangbok Area Supermarket's.
  await page.getByRole('link', { name: '모든 판매자의 값을 한눈에 비교', exact: true }).click();
  const kwangbok = page.getByRole('row').filter({ hasText: '광복지구상업중심' });
  await kwangbok.getByRole('button', compareAdd).click();
  await inTray(3);

  // The comparison: one column each, the cheapest per pair marked.
  await tray.click();
  await expect(columns(page)).toHaveCount(3);
  const unitCells = row(page, '단위 가격');
  const units = (await unitCells.allTextContents()).map(amount);
  const marked = unitCells.filter({ has: page.getByText('단위 가격 최저', { exact: true }) });
  await expect(marked.first()).toBeVisible();
  expect(amount((await marked.first().textContent()) ?? '')).toBe(Math.min(...units));

  // Choosing a district prices delivery to it, in every column.
  await expect(row(page, '배달비').first()).toHaveText('구역을 고르십시오');
  await page.getByLabel('배달 받을 곳').selectOption('pyongyang-central');
  await page.getByRole('button', { name: '적용', exact: true }).click();
  await expect(page).toHaveURL(/\/compare$/);
  await hydrated(page);
  const fees = row(page, '배달비');
  await expect(fees).toHaveCount(3);
  for (const fee of await fees.allTextContents()) expect(fee).toMatch(/^[\d,.]+원$/);
  // Pyongyang Sock Factory is 400 m from the Central District: 20 + 3 × 0.4 = 21.20 won by motorbike.
  const pyongyang = columns(page).filter({ hasText: '평양양말공장' });
  await expect(pyongyang).toBeVisible();
  await expect(fees.nth(0)).toHaveText('21.20원');
  const totals = row(page, '배달 포함 값');
  for (const total of await totals.allTextContents()) expect(amount(total)).toBeGreaterThan(21.2);
  await expect(row(page, '배달 수단과 예상 시간').first()).toContainText('오토바이');
  await expect(page.getByText('배달 포함 최저', { exact: true }).first()).toBeVisible();

  if (isMobile) {
    // The columns swipe sideways; the labels stay in view.
    const scroller = page.getByRole('region', { name: '값 비교', exact: true });
    await scroller.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    const label = page.getByRole('rowheader', { name: '배달비', exact: true });
    const box = await label.boundingBox();
    expect(box && box.x).toBeGreaterThanOrEqual(0);
    expect(box && box.x).toBeLessThan(20);
  }

  // A 4th item fits; a 5th is refused with a message and changes nothing.
  await page.goto('/search?q=' + encodeURIComponent('크림빵'));
  await hydrated(page);
  const cards = productCards(page);
  const second = (await cards.nth(1).getByRole('link').getAttribute('href')) ?? '';
  await cards.nth(0).getByRole('link').click();
  await expect(buy).toBeVisible();
  // The island adds in place: pressed before it has taken over, the plain form would post and
  // come back to the page as a new entry of the history, and going back would stay on it.
  await hydrated(page);
  await buy.getByRole('button', compareAdd).click();
  await inTray(4);
  await page.goBack();
  await cards.nth(1).getByRole('link').click();
  await expect(page).toHaveURL(second);
  await hydrated(page);
  await buy.getByRole('button', compareAdd).click();
  await expect(buy.getByRole('alert').first()).toHaveText(/4개까지만/);
  await inTray(4);

  // The tray survives a reload.
  await page.reload();
  await hydrated(page);
  await inTray(4);
  await page.goto('/compare');
  await expect(columns(page)).toHaveCount(4);

  // Taking one out frees a place.
  await page.getByRole('button', { name: '빼기', exact: true }).last().click();
  await expect(columns(page)).toHaveCount(3);
  await inTray(3);
});

test('the product page charts the last 90 days of prices with the lowest and highest marked', async ({ page }) => {
  // The chart: a figure around the picture (an SVG with role img) and a caption with the extremes.
  const chart = page.getByRole('figure').filter({ has: page.getByRole('img', { name: '최근 90일 가격' }) });
  const lowest = chart.getByText(/^최저\s/);
  const highest = chart.getByText(/^최고\s/);
  await page.goto('/search?q=' + encodeURIComponent('면양말'));
  // Three of four demo products changed price lately; one of the first few has a chart with marks.
  const links = productCards(page).getByRole('link');
  for (let i = 0; i < 4; i++) {
    await links.nth(i).click();
    if (await lowest.count()) break;
    await page.goBack();
  }
  await expect(chart.getByRole('img').locator('path')).toHaveCount(1);
  await expect(chart.getByRole('img').locator('circle')).toHaveCount(2);
  const low = amount((await lowest.textContent()) ?? '');
  const high = amount((await highest.textContent()) ?? '');
  expect(low).toBeLessThan(high);
});
