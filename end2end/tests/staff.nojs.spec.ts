// A seller's staff without JavaScript: the manager adds a shopper by their mobile number (a
// business buyer's number is refused beside the field first), sees them listed, and removes them.
import { test, expect } from '@playwright/test';
import { fillSignIn, newShopper, SELLER } from './helpers';

test('the manager adds a shopper to the staff and removes them, with JavaScript off', async ({ page, request }) => {
  const newcomer = await newShopper(request, '100');
  await page.goto('/login?next=/seller/staff');
  await fillSignIn(page, SELLER.phone, SELLER.password);
  await expect(page).toHaveURL(/\/seller\/staff$/);
  const phone = page.getByLabel('직원의 휴대전화 번호');

  await phone.fill('0191-100-0002');
  await page.getByRole('button', { name: '직원 넣기' }).click();
  await expect(page.getByTestId('error-phone')).toContainText('개인 구매자의 계정만');
  await expect(page.getByLabel('직원의 휴대전화 번호')).toHaveValue('0191-100-0002');

  await page.getByLabel('직원의 휴대전화 번호').fill(newcomer.phone);
  await page.getByRole('button', { name: '직원 넣기' }).click();
  await expect(page.getByTestId('staff-done')).toContainText('직원으로 넣었습니다');
  const row = page.getByTestId('staff-member').filter({ hasText: newcomer.phone });
  await expect(row).toContainText('판매자 직원');

  await row.getByRole('button', { name: '직원에서 빼기' }).click();
  await expect(page.getByTestId('staff-done')).toContainText('직원에서 뺐습니다');
  await expect(page.getByTestId('staff-member').filter({ hasText: newcomer.phone })).toHaveCount(0);
});
