import { test, expect, Page } from '@playwright/test';
import { fillSignIn, headerLink, lineQuantity, productCards } from './helpers';

// Runs with JavaScript (phone, desktop) and without it (nojs): the same taps, the same pages.
// It only reads (nothing is bought or put in a cart), so it signs in as the demo shopper.

/** The words this test finds things by, in each language. */
const words = {
  ko: { quantity: '수량', buyNow: '바로 사기', signInFirst: '로그인하십시오', checkout: '주문 확인' },
  en: { quantity: 'Quantity', buyNow: 'Buy now', signInFirst: 'Please sign in', checkout: 'Confirm your order' },
};

/** The cream buns' product page, found by the search box. */
async function creamBuns(page: Page) {
  await page.goto('/search?q=' + encodeURIComponent('크림빵') + '&seller=kumsong-food');
  await productCards(page).first().getByRole('link').click();
  await expect(page).toHaveURL(/\/p\/\d+$/);
}

for (const lang of ['ko', 'en'] as const) {
  test(`an anonymous shopper taps buy now, signs in and comes back to that checkout with the quantity (${lang})`, async ({ page, context, baseURL }) => {
    const w = words[lang];
    await context.addCookies([{ name: 'lang', value: lang, url: baseURL! }]);
    await creamBuns(page);
    const product = new URL(page.url()).pathname.replace('/p/', '');
    await page.getByLabel(w.quantity, { exact: true }).fill('3');
    await page.getByRole('button', { name: w.buyNow, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/checkout\\?item=${product}&qty=3$`));
    await expect(page.getByRole('heading', { level: 1, name: w.signInFirst })).toBeVisible();

    // The page is the sign-in form itself (answered 401), which comes back here.
    await fillSignIn(page, '0191-100-0001', 'okryu-shopper', lang);

    await expect(page).toHaveURL(new RegExp(`/checkout\\?item=${product}&qty=3$`));
    await expect(page.getByRole('heading', { level: 1, name: w.checkout })).toBeVisible();
    await expect(lineQuantity(page)).toHaveText('3');
    await expect(headerLink(page, '김은정')).toHaveText('김은정');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
  });
}
