// Ordering hot food and cooking it, with JavaScript off: a shopper chooses a later time for
// Okryukwan's cold noodles (the page's own form, sent and shown again), pays with the PIN and sees
// the order placed; the kitchen's staff accept it with 15 minutes to cook, start cooking and mark
// it ready; the shopper's order page says so when loaded
// again. On the shop whose clock shows lunchtime.
import { test, expect } from '@playwright/test';
import { fillSignIn, KITCHEN, LUNCH_SHOP, newShopper, PIN } from './helpers';

test.use({ baseURL: LUNCH_SHOP });

test('a shopper orders cold noodles for later and the kitchen readies them, with JavaScript off', async ({ page, request, browser }) => {
  const shopper = await newShopper(request, '5000', LUNCH_SHOP);
  await page.goto('/login?next=%2Fr%2Fokryukwan');
  await fillSignIn(page, shopper.phone, shopper.password);
  await expect(page).toHaveURL(/\/r\/okryukwan$/);
  const noodles = page.getByTestId('dish').filter({ hasText: '물랭면' }).first();
  await noodles.getByRole('button', { name: '바구니에 담기' }).click();
  await expect(page.getByTestId('dish-added')).toBeVisible();
  await page.goto('/food/checkout');

  // A later time: the second choice, the first quarter hour after "as soon as possible".
  const when = page.getByTestId('choose-when');
  const later = await when.locator('option').nth(1).getAttribute('value');
  const shown = (await when.locator('option').nth(1).innerText()).trim();
  expect(later).toMatch(/^\d+$/);
  await when.selectOption(later!);
  await page.getByRole('button', { name: '고치기' }).click();
  await expect(page).toHaveURL(new RegExp(`when=${later}`));
  await expect(page.getByTestId('choose-when')).toHaveValue(later!);

  await page.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '결제하고 주문' }).click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  const order = /\/orders\/(\d+)$/.exec(page.url())![1];
  await expect(page.getByTestId('stage-now')).toHaveText('주문함');
  await expect(page.getByTestId('countdown')).toContainText(`약속한 시간 ${shown}`);

  const pc = await browser.newContext({ baseURL: LUNCH_SHOP, javaScriptEnabled: false });
  try {
    const kitchen = await pc.newPage();
    await kitchen.goto('/login?next=%2Fkitchen');
    await fillSignIn(kitchen, KITCHEN.phone, KITCHEN.password);
    await expect(kitchen).toHaveURL(/\/kitchen$/);
    const ticket = kitchen.locator(`[data-testid="kitchen-order"][data-order="${order}"]`);
    await expect(ticket.getByTestId('kitchen-stage')).toHaveText('새 주문');
    await ticket.getByTestId('prep').fill('15');
    await ticket.getByTestId('accept').click();
    await expect(ticket.getByTestId('kitchen-stage')).toHaveText('받음');
    await ticket.getByTestId('start-cooking').click();
    await expect(ticket.getByTestId('kitchen-stage')).toHaveText('조리 중');
    await ticket.getByTestId('mark-ready').click();
    await expect(ticket.getByTestId('kitchen-stage')).toHaveText('준비됨');
  } finally {
    await pc.close();
  }
  await page.reload();
  await expect(page.getByTestId('stage-now')).toHaveText('준비됨');
});
