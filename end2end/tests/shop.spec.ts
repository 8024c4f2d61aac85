import { test, expect } from '@playwright/test';
import { buyBox, hydrated, productCards } from './helpers';

// The language switch is named for what it does, in the language it switches to.
const toEnglish = { name: 'Switch the language to English', exact: true };
const toKorean = { name: '한국어 — 언어를 바꿉니다', exact: true };

test('the home page shows the cream buns at 78 won', async ({ page }) => {
  await page.goto('/');
  const buns = productCards(page).filter({ hasText: '크림빵' }).filter({ hasText: '금성식료공장' });
  await expect(buns).toBeVisible();
  await expect(buns).toContainText('78원');
});

test('tapping a product opens its page', async ({ page }) => {
  await page.goto('/');
  await productCards(page)
    .filter({ hasText: '금성식료공장' })
    .filter({ hasText: '크림빵' })
    .getByRole('link')
    .click();
  await expect(page).toHaveURL(/\/p\/\d+$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('크림빵 (10개들이)');
  await expect(buyBox(page).getByText('78원', { exact: true })).toBeVisible();
});

test('the language switch changes the UI and survives a reload', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', toEnglish).click();
  const buns = productCards(page).filter({ hasText: 'Kumsong Food Factory' }).filter({ hasText: 'Cream buns' });
  await expect(buns).toContainText('₩78');
  await expect(page.getByRole('heading', { name: 'New goods' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByText('크림빵')).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole('heading', { name: 'New goods' })).toBeVisible();
  await expect(buns).toContainText('₩78');

  await page.getByRole('button', toKorean).click();
  await expect(page.getByRole('heading', { name: '새 상품' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { name: '새 상품' })).toBeVisible();
});

test('an unknown URL shows the 404 page with status 404', async ({ page }) => {
  const res = await page.goto('/no/such/page');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('페이지를 찾을 수 없습니다');

  const missing = await page.goto('/p/987654321');
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: '페이지를 찾을 수 없습니다' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the pages render on the server and the language switch still works', async ({ page }) => {
    await page.goto('/');
    await expect(productCards(page).filter({ hasText: '금성식료공장' }).first()).toContainText('78원');
    await page.getByRole('button', toEnglish).click();
    await expect(page.getByRole('heading', { name: 'New goods' })).toBeVisible();
    await expect(page).toHaveURL(/\/$/);
  });
});

test('the page loads nothing from another origin', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (req) => requested.push(req.url()));
  const errors: string[] = [];
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  await page.goto('/');
  await hydrated(page);
  const origin = new URL(page.url()).origin;
  expect(requested.length).toBeGreaterThan(2); // the page, its CSS, JS and WASM
  expect(requested.filter((u) => new URL(u).origin !== origin && !u.startsWith('data:'))).toEqual([]);
  expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
});
