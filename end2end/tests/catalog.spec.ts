import { test, expect } from '@playwright/test';
import { buyBox, hydrated, productCards } from './helpers';

test('typing 크림빵 lists Kumsong Food Factory’s cream buns at 78원', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.getByRole('searchbox').fill('크림빵');
  await expect(page).toHaveURL(/\/search\?q=%ED%81%AC%EB%A6%BC%EB%B9%B5/);
  const buns = productCards(page).filter({ hasText: '금성식료공장' }).filter({ hasText: '크림빵' });
  await expect(buns).toContainText('78원');
  // Typing on: the list follows without a reload and keeps the box focused.
  await page.evaluate(() => ((window as any).__sameDocument = true));
  await page.getByRole('searchbox').pressSequentially(' 10');
  await expect(page).toHaveURL(/q=%ED%81%AC%EB%A6%BC%EB%B9%B5\+10/);
  await expect(buns).toBeVisible();
  await expect(page.getByRole('searchbox')).toBeFocused();
  expect(await page.evaluate(() => (window as any).__sameDocument)).toBe(true);
});

test('a facet narrows the results and the URL says so', async ({ page }) => {
  await page.goto('/search?q=%EC%96%91%EB%A7%90');
  await hydrated(page);
  // The number of results is plain text (`12개 상품`).
  const count = page.getByText(/^\d+개 상품$/);
  const before = parseInt((await count.textContent()) ?? '0', 10);
  expect(before).toBeGreaterThan(2);
  await page.getByRole('link', { name: /평양양말공장/ }).first().click();
  await expect(page).toHaveURL(/seller=pyongyang-socks/);
  await expect(count).not.toHaveText(`${before}개 상품`);
  const after = parseInt((await count.textContent()) ?? '0', 10);
  expect(after).toBeLessThan(before);
  const sellers = await productCards(page).locator('.card-seller').allTextContents();
  expect(new Set(sellers)).toEqual(new Set(['평양양말공장']));
  await page.goBack();
  await expect(page).not.toHaveURL(/seller=/);
});

test('a storefront lists only its seller’s goods', async ({ page }) => {
  await page.goto('/s/kumsong-food');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('금성식료공장');
  const sellers = await productCards(page).locator('.card-seller').allTextContents();
  expect(sellers.length).toBeGreaterThan(0);
  expect(new Set(sellers)).toEqual(new Set(['금성식료공장']));
});

test('the cream buns’ page plays its voice description', async ({ page }) => {
  await page.goto('/search?q=%ED%81%AC%EB%A6%BC%EB%B9%B5&seller=kumsong-food');
  await productCards(page).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('크림빵 (10개들이)');
  await expect(buyBox(page).getByText('개당 7.80원', { exact: true })).toBeVisible();
  const voice = page.getByLabel('음성 설명', { exact: true });
  await expect(voice).toHaveAttribute('controls', '');
  await voice.evaluate((el: HTMLAudioElement) => el.play());
  await expect.poll(() => voice.evaluate((el: HTMLAudioElement) => el.currentTime), { timeout: 10_000 }).toBeGreaterThan(0);
  expect(await voice.evaluate((el: HTMLAudioElement) => el.error)).toBeNull();
});

test('pictures have explicit dimensions, so nothing shifts when they arrive', async ({ page }) => {
  await page.goto('/c/food');
  const images = productCards(page).getByRole('img');
  expect(await images.count()).toBeGreaterThan(4);
  for (const img of await images.all()) {
    await expect(img).toHaveAttribute('width', '240');
    await expect(img).toHaveAttribute('height', '240');
  }
  await expect(images.nth(10)).toHaveAttribute('loading', 'lazy');
  await expect(images.first()).toHaveAttribute('loading', 'eager');
  const shift = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        let total = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as any[]) if (!e.hadRecentInput) total += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
        setTimeout(() => resolve(total), 1000);
      }),
  );
  expect(shift).toBeLessThan(0.01);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('search is a plain form and facets are plain links', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('searchbox').fill('크림빵');
    await page.getByRole('button', { name: '검색' }).click();
    await expect(page).toHaveURL(/\/search\?q=/);
    await expect(productCards(page).filter({ hasText: '금성식료공장' }).first()).toContainText('78원');
    await page.getByRole('link', { name: /선흥식료공장/ }).first().click();
    await expect(page).toHaveURL(/seller=sonhung-food/);
  });
});
