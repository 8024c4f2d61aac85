import { test, expect, Page } from '@playwright/test';

// Runs with JavaScript (phone, desktop) and without it (nojs): the same taps, the same pages.

/** The cream buns' product page, found by the search box. */
async function creamBuns(page: Page) {
  await page.goto('/search?q=' + encodeURIComponent('크림빵') + '&seller=kumsong-food');
  await page.getByTestId('product-card').first().getByRole('link').click();
  await expect(page).toHaveURL(/\/p\/\d+$/);
}

for (const lang of ['ko', 'en'] as const) {
  test(`an anonymous shopper taps buy now, signs in and comes back to that checkout with the quantity (${lang})`, async ({ page, context, baseURL }) => {
    await context.addCookies([{ name: 'lang', value: lang, url: baseURL! }]);
    await creamBuns(page);
    const product = new URL(page.url()).pathname.replace('/p/', '');
    await page.getByTestId('quantity').fill('3');
    await page.getByTestId('buy-now').click();
    await expect(page).toHaveURL(new RegExp(`/checkout\\?item=${product}&qty=3$`));
    await expect(page.getByTestId('unauthorized')).toBeVisible();

    await page.getByTestId('unauthorized').getByRole('link').click();
    await expect(page).toHaveURL(/\/login\?next=/);
    await page.getByTestId('input-phone').fill('0191-100-0001');
    await page.getByTestId('input-password').fill('okryu-shopper');
    await page.getByTestId('submit').click();

    await expect(page).toHaveURL(new RegExp(`/checkout\\?item=${product}&qty=3$`));
    await expect(page.getByTestId('checkout')).toBeVisible();
    await expect(page.getByTestId('line-quantity')).toHaveText('3');
    await expect(page.getByTestId('account-link')).toHaveText('김은정');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  });
}
