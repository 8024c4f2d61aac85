import { test, expect, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { signIn } from './helpers';

// Accessibility where the markup is made: axe on every shopper page (the phone project runs this).

async function noSeriousViolations(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBeLessThan(400);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(serious, path).toEqual([]);
}

const publicPages = [
  '/',
  '/search?q=' + encodeURIComponent('크림'),
  '/c/food',
  '/s/kumsong-food',
  '/p/1',
  '/compare',
  '/food',
  '/r/okryukwan',
  '/cart',
  '/login',
  '/signup',
];

/** The product page's link to the group page of all sellers, in each language. */
const allOffers = { ko: '모든 판매자의 값을 한눈에 비교', en: "Compare every seller's price" };

for (const lang of ['ko', 'en'] as const) {
  test(`shopper pages have no serious accessibility violations (${lang})`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'lang', value: lang, url: baseURL! }]);
    for (const path of publicPages) await noSeriousViolations(page, path);
    // The group page of the cream buns, from the product page.
    await page.goto('/p/1');
    const group = await page.getByRole('link', { name: allOffers[lang], exact: true }).getAttribute('href');
    if (group) await noSeriousViolations(page, group);
  });
}

// Only reads (pages looked at): the demo shopper, with orders and two ways to pay, may be shared.
test('signed-in shopper pages have no serious accessibility violations', async ({ page }) => {
  await signIn(page, '0191-100-0001', 'okryu-shopper', '/');
  for (const path of ['/checkout?item=1&qty=1', '/orders', '/account', '/wallet', '/sell', '/subscriptions', '/subscriptions/new?item=1']) {
    await noSeriousViolations(page, path);
  }
});
