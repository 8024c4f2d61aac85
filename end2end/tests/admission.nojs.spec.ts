// Sellers' admission without JavaScript: a resident applies at /sell (a bad registration number
// is refused beside its field first), an operator approves at /operator/sellers, and the new
// seller's manager signs in and sees the seller console.
import { test, expect } from '@playwright/test';
import { fillSignIn, newShopper, OPERATOR } from './helpers';

test('an applicant applies, an operator approves, the new manager sees /seller', async ({ browser, page, request }) => {
  const applicant = await newShopper(request, '100');
  const name = `대동강기계공장 ${applicant.phone.slice(-4)}`;
  const registration = `1${applicant.phone.replace(/\D/g, '').slice(-9)}`;

  await page.goto('/login?next=/sell');
  await fillSignIn(page, applicant.phone, applicant.password);
  await expect(page).toHaveURL(/\/sell$/);
  await page.getByLabel('기업 이름').fill(name);
  await page.getByLabel('영어 이름').fill('Taedonggang Machine Works');
  await page.getByLabel('종류').selectOption('factory');
  await page.getByLabel('도시').selectOption('pyongyang');
  await page.getByLabel('기업 등록번호').fill('12-34');
  await page.getByLabel('련락 전화번호').fill(applicant.phone);
  await page.getByRole('button', { name: '신청하기' }).click();
  await expect(page.getByTestId('error-registration')).toContainText('수자 6~20자리');
  await expect(page.getByLabel('기업 이름')).toHaveValue(name);

  await page.getByLabel('기업 등록번호').fill(registration);
  await page.getByRole('button', { name: '신청하기' }).click();
  await expect(page.getByTestId('applied')).toBeVisible();
  await expect(page.getByTestId('application').filter({ hasText: name })).toContainText('기다리는 중');

  const office = await browser.newContext({ javaScriptEnabled: false });
  const operator = await office.newPage();
  await operator.goto('/login?next=/operator/sellers');
  await fillSignIn(operator, OPERATOR.phone, OPERATOR.password);
  await expect(operator).toHaveURL(/\/operator\/sellers$/);
  const waiting = operator.getByTestId('waiting-application').filter({ hasText: name });
  await waiting.getByRole('button', { name: '승인' }).click();
  await expect(operator.getByTestId('admitted')).toContainText('/s/taedonggang-machine-works-');
  await office.close();

  // The applicant's next page: the seller's manager.
  await page.goto('/seller');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(name);
  await page.goto('/sell');
  await expect(page.getByTestId('application').filter({ hasText: name })).toContainText('승인됨');
});
