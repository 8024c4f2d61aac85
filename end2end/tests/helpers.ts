// What several browser tests share: waiting for hydration, fresh accounts, reading amounts.
import { expect, Browser, Page } from '@playwright/test';

/** Waits until the WASM has taken over the page. */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** A mobile number no other test run uses: 0195-NNN-NNNN. */
export function freshPhone(): string {
  const n = String(Math.floor(Math.random() * 1e7)).padStart(7, '0');
  return `0195-${n.slice(0, 3)}-${n.slice(3)}`;
}

/** A valid resident registration number (README: YYMMDD-SNNNNNC, weights 2..9,2..5 check digit). */
export function freshResidentId(): string {
  const serial = String(Math.floor(Math.random() * 1e5)).padStart(5, '0');
  const first12 = `900101${1 + Math.floor(Math.random() * 2)}${serial}`;
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  const sum = [...first12].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  const check = (11 - (sum % 11)) % 10;
  return `${first12.slice(0, 6)}-${first12.slice(6)}${check}`;
}

export async function fillSignUp(page: Page, phone: string, residentId: string, password: string) {
  await page.getByTestId('input-name').fill('조은별');
  await page.getByTestId('input-phone').fill(phone);
  await page.getByTestId('input-resident_id').fill(residentId);
  await page.getByTestId('input-password').fill(password);
  await page.getByTestId('input-district').selectOption('pyongyang-moranbong');
  await page.getByTestId('input-line').fill('모란봉거리 7, 2동 4호');
}

/** Signs in on the login page and waits for the page it leads to. */
export async function signIn(page: Page, phone: string, password: string, next = '/') {
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await hydrated(page);
  await page.getByTestId('input-phone').fill(phone);
  await page.getByTestId('input-password').fill(password);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[/?]/g, '\\$&')}$`));
}

/** `4,321.50원` → 4321.5. */
export function amount(text: string): number {
  const m = text.replace(/,/g, '').match(/(-?[\d.]+)원/);
  if (!m) throw new Error(`no amount in ${text}`);
  return Number(m[1]);
}

export const PIN = '2468';

/**
 * A new shopper with a SIM-linked account and `deposit` won paid in by an operator (in a browser
 * of their own): every test has its own money, whatever runs beside it.
 */
export async function fundedShopper(browser: Browser, page: Page, deposit: string): Promise<string> {
  const phone = freshPhone();
  await page.goto('/signup');
  await hydrated(page);
  await fillSignUp(page, phone, freshResidentId(), 'taedong river 2026');
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/account$/);

  await page.getByTestId('wallet-link').click();
  await expect(page).toHaveURL(/\/wallet$/);
  await hydrated(page);
  const sim = page.getByTestId('link-sim');
  await sim.getByTestId('input-pin').fill(PIN);
  await sim.getByTestId('input-password').fill('taedong river 2026');
  await sim.getByTestId('submit').click();
  await expect(page.getByTestId('instrument')).toContainText(phone);

  const operator = await browser.newContext();
  const bank = await operator.newPage();
  await signIn(bank, '0191-100-0006', 'okryu-operator', '/bank');
  await hydrated(bank);
  await bank.getByTestId('input-phone').fill(phone);
  await bank.getByTestId('input-amount').fill(deposit);
  await bank.getByTestId('submit').click();
  await expect(bank.getByTestId('deposited')).toBeVisible();
  await operator.close();
  return phone;
}

/** From the search to the cream buns' product page, then "buy now" with `quantity`. */
export async function buyCreamBuns(page: Page, quantity: string) {
  await page.goto('/search?q=' + encodeURIComponent('크림빵'));
  await hydrated(page);
  await page.getByTestId('product-card').filter({ hasText: '금성식료공장' }).first().getByRole('link').click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText('크림빵');
  await hydrated(page);
  await page.getByTestId('quantity').fill(quantity);
  await page.getByTestId('buy-now').click();
  await expect(page).toHaveURL(new RegExp(`/checkout\\?item=\\d+&qty=${quantity}$`));
  await expect(page.getByTestId('checkout')).toBeVisible();
  await hydrated(page);
}

