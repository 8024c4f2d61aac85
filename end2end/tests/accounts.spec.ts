import { test, expect } from '@playwright/test';
import { fact, fillSignIn, fillSignUp, freshPhone, freshResidentId, headerLink, hydrated } from './helpers';

test('sign up, sign out, sign in again; a wrong password gets the generic error', async ({ page }) => {
  const phone = freshPhone();
  const password = 'taedong river 2026';

  await page.goto('/signup');
  await hydrated(page);
  await fillSignUp(page, phone, freshResidentId(), password);
  await page.getByRole('button', { name: '가입', exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(fact(page, '손전화 번호')).toHaveText(phone);
  await expect(headerLink(page, '조은별')).toHaveText('조은별');
  await expect(page.getByText('기본 주소', { exact: true })).toBeVisible();

  await hydrated(page);
  await page.getByRole('button', { name: '로그아웃', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(headerLink(page, '로그인')).toBeVisible();

  // A wrong password, and a number nobody has, get the same words.
  await headerLink(page, '로그인').click();
  await expect(page).toHaveURL(/\/login$/);
  await hydrated(page);
  const phoneField = page.getByLabel('손전화 번호', { exact: true });
  const submit = page.getByRole('button', { name: '로그인', exact: true });
  await phoneField.fill(phone);
  await page.getByLabel('비밀번호', { exact: true }).fill('not my password');
  await submit.click();
  const error = page.getByRole('alert');
  await expect(error).toHaveText('전화번호나 비밀번호가 맞지 않습니다.');
  await phoneField.fill(freshPhone());
  await submit.click();
  await expect(error).toHaveText('전화번호나 비밀번호가 맞지 않습니다.');
  await expect(page).toHaveURL(/\/login$/);

  await fillSignIn(page, phone, password);
  await expect(page).toHaveURL(/\/$/);
  await expect(headerLink(page, '조은별')).toHaveText('조은별');
});

test('a foreign phone number is refused beside its field, and no code is sent', async ({ page }) => {
  await page.goto('/signup');
  await hydrated(page);
  const phone = page.getByLabel('손전화 번호', { exact: true });
  await phone.fill('+82 10 1234 5678');
  await page.getByRole('button', { name: '확인 번호 받기', exact: true }).click();
  // Beside the field: the error is the field's description (`aria-describedby`).
  await expect(phone).toHaveAccessibleDescription(/외국 전화번호로는 가입할 수 없습니다/);
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expect(phone).toHaveValue('+82 10 1234 5678');
  await expect(page).toHaveURL(/\/signup$/);
  await expect(headerLink(page, '로그인')).toBeVisible();
});

test('a wrong code is refused beside its field and the account is not opened', async ({ page }) => {
  const phone = freshPhone();
  await page.goto('/signup');
  await hydrated(page);
  await fillSignUp(page, phone, freshResidentId(), 'taedong river 2026');
  const code = page.getByLabel('문자로 받은 확인 번호', { exact: true });
  const right = await code.inputValue();
  await code.fill(right === '000000' ? '111111' : '000000');
  await page.getByRole('button', { name: '가입', exact: true }).click();
  await expect(code).toHaveAccessibleDescription('확인 번호가 맞지 않습니다. 문자로 받은 번호를 다시 보십시오.');
  await expect(page).toHaveURL(/\/signup\?phone=/);
  await expect(headerLink(page, '로그인')).toBeVisible();
});

// Only reads (a page refused): the demo shopper may be shared.
test('a shopper opening the seller console gets the 403 page', async ({ page }) => {
  await page.goto('/login?next=/seller');
  await hydrated(page);
  await fillSignIn(page, '0191-100-0001', 'okryu-shopper');
  await expect(page).toHaveURL(/\/seller$/);
  await expect(page.getByText('이 페이지는 다른 역할의 계정만 볼 수 있습니다.', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('접근이 허용되지 않습니다');
  await expect(page.getByRole('heading', { name: /^판매자 관리/ })).toHaveCount(0);
  const res = await page.request.get('/seller');
  expect(res.status()).toBe(403);
});
