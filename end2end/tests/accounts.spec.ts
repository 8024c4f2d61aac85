import { test, expect } from '@playwright/test';
import { fillSignUp, freshPhone, freshResidentId, hydrated } from './helpers';

test('sign up, sign out, sign in again; a wrong password gets the generic error', async ({ page }) => {
  const phone = freshPhone();
  const password = 'taedong river 2026';

  await page.goto('/signup');
  await hydrated(page);
  await fillSignUp(page, phone, freshResidentId(), password);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('account-phone')).toHaveText(phone);
  await expect(page.getByTestId('account-link')).toHaveText('조은별');
  await expect(page.getByTestId('default-address')).toBeVisible();

  await hydrated(page);
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('sign-in-link')).toBeVisible();

  // A wrong password, and a number nobody has, get the same words.
  await page.getByTestId('sign-in-link').click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  await page.getByTestId('input-phone').fill(phone);
  await page.getByTestId('input-password').fill('not my password');
  await page.getByTestId('submit').click();
  const error = page.getByTestId('form-error');
  await expect(error).toHaveText('전화번호나 비밀번호가 맞지 않습니다.');
  await page.getByTestId('input-phone').fill(freshPhone());
  await page.getByTestId('submit').click();
  await expect(error).toHaveText('전화번호나 비밀번호가 맞지 않습니다.');
  await expect(page).toHaveURL(/\/login$/);

  await page.getByTestId('input-phone').fill(phone);
  await page.getByTestId('input-password').fill(password);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByTestId('account-link')).toHaveText('조은별');
});

test('a foreign phone number is refused beside its field', async ({ page }) => {
  await page.goto('/signup');
  await hydrated(page);
  await fillSignUp(page, '+82 10 1234 5678', freshResidentId(), 'taedong river 2026');
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('error-phone')).toContainText('외국 전화번호로는 가입할 수 없습니다');
  await expect(page.getByTestId('input-phone')).toHaveAttribute('aria-invalid', 'true');
  // Only that field is wrong, and nobody was signed in.
  await expect(page.getByTestId('error-resident_id')).toBeEmpty();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByTestId('sign-in-link')).toBeVisible();
});

test('a shopper opening the seller console gets the 403 page', async ({ page }) => {
  await page.goto('/login?next=/seller');
  await hydrated(page);
  await page.getByTestId('input-phone').fill('0191-100-0001');
  await page.getByTestId('input-password').fill('okryu-shopper');
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(/\/seller$/);
  await expect(page.getByTestId('forbidden')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('접근이 허용되지 않습니다');
  await expect(page.getByTestId('seller-console')).toHaveCount(0);
  const res = await page.request.get('/seller');
  expect(res.status()).toBe(403);
});
