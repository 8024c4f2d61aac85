// People and roles without JavaScript: an operator finds a new account by its number and makes
// it a dispatcher of Pyongyang (with a reason); the person's next page is the dispatch board.
// The operator suspends the account: the person is signed out at once and can't sign in again.
import { test, expect } from '@playwright/test';
import { fillSignIn, newShopper, OPERATOR } from './helpers';

test('an operator grants a role, then suspends the account: each takes effect at once', async ({ browser, page, request }) => {
  const person = await newShopper(request, '100');
  await page.goto('/login?next=/orders');
  await fillSignIn(page, person.phone, person.password);
  await expect(page).toHaveURL(/\/orders$/);
  const forbidden = page.getByRole('heading', { name: '접근이 허용되지 않습니다' });
  const signedIn = page.getByRole('banner').getByRole('link', { name: person.name });
  await page.goto('/dispatch');
  await expect(forbidden).toBeVisible();

  const office = await browser.newContext({ javaScriptEnabled: false });
  const operator = await office.newPage();
  await operator.goto('/login?next=/operator/people');
  await fillSignIn(operator, OPERATOR.phone, OPERATOR.password);
  await expect(operator).toHaveURL(/\/operator\/people$/);
  await operator.getByLabel('전화번호 또는 이름').fill(person.phone);
  await operator.getByRole('button', { name: '찾기' }).click();
  await operator.getByTestId('found').getByRole('link', { name: person.name }).click();
  await expect(operator.getByTestId('role')).toHaveAttribute('data-role', 'shopper');

  const grant = operator.locator('form').filter({ has: operator.getByRole('button', { name: '역할 주기' }) });
  await grant.getByLabel('역할', { exact: true }).selectOption('dispatcher');
  await grant.getByLabel('도시').selectOption('pyongyang');
  await grant.getByLabel('까닭').fill('평양 배차 사무소의 새 배차원');
  await grant.getByRole('button', { name: '역할 주기' }).click();
  await expect(operator.getByTestId('done')).toContainText('역할을 주었습니다');
  await expect(operator.getByTestId('role')).toHaveAttribute('data-role', 'dispatcher');
  await expect(operator.getByTestId('audit-entry').first()).toContainText('평양 배차 사무소의 새 배차원');

  // The person's very next page.
  await page.goto('/dispatch');
  await expect(signedIn).toBeVisible();
  await expect(forbidden).toHaveCount(0);

  const suspend = operator.locator('form').filter({ has: operator.getByRole('button', { name: '정지', exact: true }) });
  await suspend.getByLabel('까닭').fill('신고를 조사하는 동안');
  await suspend.getByRole('button', { name: '정지', exact: true }).click();
  await expect(operator.getByTestId('done')).toContainText('정지하였습니다');
  await expect(operator.getByTestId('suspended')).toBeVisible();
  await expect(operator.getByTestId('audit-entry').first()).toHaveAttribute('data-act', 'suspended');
  await office.close();

  // Signed out at once; signing in again is refused, and says why.
  await page.goto('/dispatch');
  await expect(signedIn).toHaveCount(0);
  await expect(page.getByRole('heading', { name: '로그인하십시오' })).toBeVisible();
  await page.goto('/login?next=/dispatch');
  await fillSignIn(page, person.phone, person.password);
  await expect(page.getByRole('alert')).toContainText('정지되였습니다');
  await expect(page).toHaveURL(/\/login/);
});
