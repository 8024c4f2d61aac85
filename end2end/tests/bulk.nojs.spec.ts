// A bulk stock update without JavaScript: the manager downloads the goods as a CSV file, uploads a
// file with a bad line (shown, nothing to apply), then a good one, previews the change and applies
// it; the console shows the new stock. Changes the catalog: the second shop.
import { test, expect } from '@playwright/test';
import { fillSignIn, CATALOG_SHOP, SELLER } from './helpers';

test.use({ baseURL: CATALOG_SHOP });

test('the manager updates stock from a CSV file with JavaScript off', async ({ page }) => {
  await page.goto('/login?next=/seller');
  await fillSignIn(page, SELLER.phone, SELLER.password);
  await expect(page).toHaveURL(/\/seller$/);
  // A good no other spec on this shop touches: they buy the cream buns, list new ones, and edit
  // (and rename, 무자바 시험) the console's first good, saving the stock their form read. Found
  // again by its id, wherever a renamed or new good sorts it.
  const ours = page.getByTestId('console-item').filter({ hasNotText: /크림빵|무자바|시험/ }).nth(1);
  const id = (await ours.getByTestId('edit-listing').getAttribute('href'))!.split('/').pop();
  const row = () => page.getByTestId('console-item').filter({ has: page.locator(`a[href="/seller/p/${id}"]`) });
  const stock = Number(await row().getByTestId('stock-input').inputValue()) + 5;

  await page.getByTestId('bulk-link').click();
  await expect(page).toHaveURL(/\/seller\/bulk$/);
  const sheet = await page.request.get(await page.getByTestId('bulk-download').getAttribute('href') ?? '');
  expect(sheet.ok()).toBeTruthy();
  expect(await sheet.text()).toMatch(new RegExp(`^id,name_ko,name_en,price,stock\\r\\n(.*\\r\\n)*${id},`));

  const file = page.getByLabel(/CSV 파일/);
  await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`id,stock\n${id},${stock}\nabc,1\n`) });
  await page.getByRole('button', { name: '올리고 미리 보기' }).click();
  await expect(page).toHaveURL(/\/seller\/bulk\?file=\d+$/);
  await expect(page.getByTestId('bulk-line').filter({ hasText: '이 판매자의 상품 번호가 아닙니다' })).toContainText('3');
  await expect(page.getByTestId('bulk-fix')).toBeVisible();
  await expect(page.getByTestId('bulk-apply')).toHaveCount(0);

  await page.getByLabel(/CSV 파일/).setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(`id,stock\n${id},${stock}\n`) });
  await page.getByRole('button', { name: '올리고 미리 보기' }).click();
  await expect(page.getByTestId('bulk-changes')).toHaveText('1');
  await expect(page.getByTestId('bulk-line')).toContainText(`→ ${stock}`);
  await page.getByTestId('bulk-apply').click();
  await expect(page).toHaveURL(/\/seller$/);
  await expect(page.getByTestId('bulk-applied')).toContainText('적용했습니다');
  await expect(row().getByTestId('stock-input')).toHaveValue(String(stock));
});
