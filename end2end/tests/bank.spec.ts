import { test, expect } from '@playwright/test';
import { MADE_UP_CARD, newShopper, PIN, signIn } from './helpers';

// The bank's counter and the wallet with JavaScript (checkout.spec's first test issues, pays in
// and links through these pages; nojs.spec does all of it without JavaScript).

test('a card the bank did not issue to the shopper is refused with the reason, and nothing is linked', async ({ page, request }) => {
  const shopper = await newShopper(request, '100');
  await signIn(page, shopper.phone, shopper.password, '/wallet');
  await expect(page.getByTestId('wallet-money')).toContainText('은행 창구에서 입금하면');
  const form = page.getByRole('region', { name: '나래카드 등록', exact: true });
  const number = form.getByLabel('카드 번호 (16자리)', { exact: true });
  await number.fill(MADE_UP_CARD);
  await form.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await form.getByLabel('계정 비밀번호 (본인 확인)', { exact: true }).fill(shopper.password);
  await form.getByRole('button', { name: '나래카드 등록', exact: true }).click();
  await expect(number).toHaveAccessibleDescription(/발급하지 않았습니다/);
  await expect(number).toHaveAttribute('aria-invalid', 'true');
  await page.reload();
  await expect(page.getByRole('listitem').filter({ hasText: '나래카드' })).toHaveCount(0);
});
