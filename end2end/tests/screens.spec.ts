import { test, expect, Locator, Page } from '@playwright/test';
import { fillSignIn, hydrated, newShopper, PIN } from './helpers';

// How the buying pages look, on a phone and a PC, in both languages: a layout change shows up as
// a changed picture, reviewed with the change (`npx playwright test screens --update-snapshots`
// writes the new references under `screens.spec.ts-snapshots/`). What changes from run to run
// (dates, order numbers, codes, stock other tests bought from) is masked.

const LANGS = ['ko', 'en'] as const;

/** The parts of a page that differ between runs. */
function moving(page: Page): Locator[] {
  return [
    // The product's stock (the fourth fact) and the comparison's stock row: other tests buy.
    page.locator('[data-testid="product"] dl.facts dd:nth-of-type(4)'),
    page.locator('table.compare tbody tr:nth-child(6) td'),
    // Drawn against today's date; media players show what they have loaded so far.
    page.locator('figure.price-chart, audio, video'),
    // The slots offered now, and the fresh shopper's own phone number.
    page.locator('#c-slot, #c-instrument'),
    // The order's number, times and code.
    page.locator('[data-testid="slot"], [data-testid="delivery-code"], ol.timeline time, .order h1'),
  ];
}

async function snap(page: Page, name: string) {
  await expect(page).toHaveScreenshot(`${name}.png`, {
    fullPage: true,
    animations: 'disabled',
    caret: 'hide',
    mask: moving(page),
    maxDiffPixelRatio: 0.002,
  });
}

for (const lang of LANGS) {
  test.describe(`screens (${lang})`, () => {
    test.beforeEach(async ({ context, baseURL }) => {
      await context.addCookies([
        { name: 'lang', value: lang, url: baseURL! },
        { name: 'compare', value: '1.2.3', url: baseURL! },
      ]);
    });

    test('home, search, product and comparison as a guest', async ({ page }) => {
      for (const [name, path] of [
        ['home', '/'],
        ['search', '/search?q=' + encodeURIComponent('크림빵')],
        ['product', '/p/1'],
        ['comparison', '/compare'],
      ]) {
        await page.goto(path);
        await hydrated(page);
        await snap(page, `${name}-${lang}`);
      }
    });

    test('cart, checkout and an order as a shopper', async ({ page, request }) => {
      const shopper = await newShopper(request, '5000');
      await page.goto('/login');
      await hydrated(page);
      await fillSignIn(page, shopper.phone, shopper.password, lang);
      await expect(page).toHaveURL(/\/$/);
      await page.goto('/p/1');
      await hydrated(page);
      await page.getByTestId('quantity').fill('2');
      await page.getByTestId('add-to-cart').click();
      await expect(page.getByTestId('added')).toBeVisible();

      await page.goto('/cart');
      await hydrated(page);
      await snap(page, `cart-${lang}`);
      await page.goto('/checkout');
      await hydrated(page);
      await snap(page, `checkout-${lang}`);

      await page.locator('input[name="pin"]').fill(PIN);
      await page.locator('form.pay button[type="submit"]').click();
      await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);
      await page.locator('[data-testid="order-number"]').click();
      await expect(page).toHaveURL(/\/orders\/\d+$/);
      await hydrated(page);
      await snap(page, `order-${lang}`);
    });
  });
}
