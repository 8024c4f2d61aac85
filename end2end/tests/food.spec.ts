// Hot food on a phone, from the list of restaurants to the kitchen and back: a shopper orders
// Okryukwan's cold noodles with mustard as soon as possible, pays with the PIN, and watches the
// order page while the restaurant's staff, at the kitchen's screen in another browser, accept it
// and mark it ready: the stages move on without a reload. On the shop whose clock shows lunchtime.
import { test, expect } from '@playwright/test';
import { hydrated, KITCHEN, LUNCH_SHOP, newShopper, PIN, signIn } from './helpers';

test.use({ baseURL: LUNCH_SHOP });

test('cold noodles as soon as possible: paid on the phone, accepted and readied in the kitchen, followed live', async ({ page, request, browser }, info) => {
  test.skip(info.project.name !== 'phone', 'the shopper is on a phone; the kitchen is a PC of its own');
  const shopper = await newShopper(request, '5000', LUNCH_SHOP);
  await signIn(page, shopper.phone, shopper.password, '/food');

  const okryukwan = page.getByTestId('restaurant').filter({ hasText: '옥류관' });
  await expect(okryukwan.getByTestId('promise')).toHaveText(/^\d+–\d+분$/);
  await okryukwan.getByRole('link').click();
  await expect(page).toHaveURL(/\/r\/okryukwan$/);
  await hydrated(page);

  const noodles = page.getByTestId('dish').filter({ hasText: '물랭면' }).first();
  await noodles.getByLabel('겨자').check();
  await noodles.getByRole('button', { name: '바구니에 담기' }).click();
  await page.getByTestId('dish-added').getByRole('link', { name: '음식 바구니' }).click();
  await expect(page).toHaveURL(/\/food\/basket$/);
  await expect(page.getByTestId('basket-line')).toContainText('겨자');
  await page.getByTestId('food-checkout-link').click();
  await expect(page).toHaveURL(/\/food\/checkout$/);

  await expect(page.getByTestId('choose-when')).toHaveValue('asap');
  await expect(page.getByTestId('food-line')).toContainText('455원');
  await page.getByLabel('PIN (4자리)', { exact: true }).fill(PIN);
  await page.getByRole('button', { name: '결제하고 주문' }).click();
  await expect(page).toHaveURL(/\/orders\/\d+$/);
  const order = /\/orders\/(\d+)$/.exec(page.url())![1];
  await hydrated(page);
  await expect(page.getByTestId('stage-now')).toHaveText('주문함');
  await expect(page.getByTestId('countdown')).toContainText('분 남음');
  // Marks this document: a reload would make a new one without it.
  await page.evaluate((id) => document.body.setAttribute('data-watched', id), order);

  const pc = await browser.newContext({ baseURL: LUNCH_SHOP, viewport: { width: 1280, height: 800 } });
  try {
    const kitchen = await pc.newPage();
    await signIn(kitchen, KITCHEN.phone, KITCHEN.password, '/kitchen');
    const ticket = kitchen.locator(`[data-testid="kitchen-order"][data-order="${order}"]`);
    await expect(ticket).toContainText('물랭면');
    await expect(ticket).toContainText('겨자');
    await ticket.getByTestId('prep').fill('8');
    await ticket.getByTestId('accept').click();
    await expect(ticket.getByTestId('kitchen-stage')).toHaveText('받음');
    await expect(page.getByTestId('stage-now')).toHaveText('주방이 받음', { timeout: 20_000 });

    await ticket.getByTestId('start-cooking').click();
    await expect(ticket.getByTestId('kitchen-stage')).toHaveText('조리 중');
    await ticket.getByTestId('mark-ready').click();
    await expect(ticket.getByTestId('kitchen-stage')).toHaveText('준비됨');
  } finally {
    await pc.close();
  }
  await expect(page.getByTestId('stage-now')).toHaveText('준비됨', { timeout: 20_000 });
  await expect(page.locator('body')).toHaveAttribute('data-watched', order);
});
