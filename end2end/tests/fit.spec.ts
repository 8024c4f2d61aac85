import { test, expect, Page } from '@playwright/test';
import { fillSignIn, hydrated, newShopper, PIN } from './helpers';

// Every shopper and staff page on the narrowest phone (320 px), in both languages: nothing makes
// the page scroll sideways, nothing sticks out of the screen, no container clips its text, no
// word breaks in the middle (가/격), and no placeholder is cut. A table that scrolls sideways in a
// scroller of its own (the comparison) may be wider than the screen; its words still may not break.

// The phone project runs it (the desktop project leaves it out).
test.use({ viewport: { width: 320, height: 640 } });

/** What does not fit on the page being shown (empty when everything does). */
async function misfits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const doc = document.documentElement;
    const width = doc.clientWidth;
    const name = (el: Element) => {
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `<${el.tagName.toLowerCase()}${id}${cls}> "${text}"`;
    };
    const scrolls = (el: Element) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrolls(p)) return true;
      return false;
    };
    const hidden = (el: Element) => {
      for (let p: Element | null = el; p; p = p.parentElement) {
        const cs = getComputedStyle(p);
        if (p.classList.contains('visually-hidden') || p.classList.contains('skip') || cs.display === 'none' || cs.visibility === 'hidden') return true;
      }
      return false;
    };
    if (doc.scrollWidth > width) problems.push(`the page scrolls sideways: ${doc.scrollWidth}px on a ${width}px screen`);
    const sticksOut = (el: Element | null) => !!el && el !== document.body && el.getBoundingClientRect().right > width + 1;
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1 || hidden(el)) continue;
      // The outermost element that sticks out (its contents go with it).
      if (sticksOut(el) && !sticksOut(el.parentElement) && !inScroller(el) && !scrolls(el)) problems.push(`sticks out of the screen (${Math.round(r.right)}px): ${name(el)}`);
      const cs = getComputedStyle(el);
      const clips = ['hidden', 'clip'].includes(cs.overflowX) || cs.textOverflow === 'ellipsis';
      if (clips && el.scrollWidth > el.clientWidth + 1) problems.push(`clips its text: ${name(el)}`);
    }
    // A word laid out on two lines was broken in the middle.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || hidden(parent) || ['SCRIPT', 'STYLE', 'OPTION', 'TEXTAREA'].includes(parent.tagName)) continue;
      const text = node.textContent ?? '';
      for (const m of Array.from(text.matchAll(/\S+/g))) {
        if (m[0].length < 2) continue;
        range.setStart(node, m.index!);
        range.setEnd(node, m.index! + m[0].length);
        const lines = new Set(Array.from(range.getClientRects()).filter((q) => q.width > 0).map((q) => Math.round(q.top)));
        if (lines.size > 1) problems.push(`"${m[0]}" breaks across lines in ${name(parent)}`);
      }
    }
    const ctx = document.createElement('canvas').getContext('2d')!;
    for (const input of Array.from(document.querySelectorAll<HTMLInputElement>('input[placeholder]'))) {
      if (hidden(input)) continue;
      const cs = getComputedStyle(input);
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      const room = input.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      if (ctx.measureText(input.placeholder).width > room + 1) problems.push(`the placeholder "${input.placeholder}" is cut`);
    }
    return Array.from(new Set(problems));
  });
}

/** Signs in on the login page in `lang`. */
async function signInAs(page: Page, phone: string, password: string, lang: 'ko' | 'en') {
  await page.goto('/login');
  await hydrated(page);
  await fillSignIn(page, phone, password, lang);
  await expect(page).toHaveURL(/\/$/);
}

/** Opens each page and gathers what does not fit, page by page. */
async function check(page: Page, paths: string[]) {
  const found: string[] = [];
  for (const path of paths) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBeLessThan(500);
    for (const p of await misfits(page)) found.push(`${path}: ${p}`);
  }
  expect(found).toEqual([]);
}

const GUEST_PAGES = [
  '/',
  '/search?q=' + encodeURIComponent('양말'),
  '/search?q=' + encodeURIComponent('크림빵'),
  '/c/food',
  '/c/bakery',
  '/s/kumsong-food',
  '/g/g0-0',
  '/p/1',
  '/compare',
  '/food',
  '/r/okryukwan',
  '/cart',
  '/login',
  '/signup',
  '/signup?phone=0191-555-0101',
  '/checkout?item=1&qty=2',
  '/no-such-page',
];

const STAFF = [
  { who: 'seller', phone: '0191-100-0003', password: 'okryu-seller', pages: ['/seller', '/seller/new', '/seller/staff', '/seller/sales', '/seller/bulk'] },
  { who: 'dispatcher', phone: '0191-100-0004', password: 'okryu-dispatch', pages: ['/dispatch'] },
  { who: 'courier', phone: '0191-100-0005', password: 'okryu-courier', pages: ['/courier'] },
  { who: 'operator', phone: '0191-100-0006', password: 'okryu-operator', pages: ['/operator', '/operator/sellers', '/operator/people?q=0191', '/operator/people/1', '/bank', '/tariff', '/outbox'] },
];

for (const lang of ['ko', 'en'] as const) {
  test.describe(`at 320 px (${lang})`, () => {
    test.beforeEach(async ({ context, baseURL }) => {
      await context.addCookies([
        { name: 'lang', value: lang, url: baseURL! },
        // Three goods in the comparison tray.
        { name: 'compare', value: '1.2.3', url: baseURL! },
      ]);
    });

    test('a guest\'s pages fit', async ({ page }) => {
      await check(page, GUEST_PAGES);
    });

    test('a shopper\'s pages fit, an order\'s too', async ({ page, request }) => {
      const shopper = await newShopper(request, '5000');
      await signInAs(page, shopper.phone, shopper.password, lang);
      await page.goto('/checkout?item=1&qty=2');
      await hydrated(page);
      await page.locator('input[name="pin"]').fill(PIN);
      await page.locator('form.pay button[type="submit"]').click();
      await expect(page).toHaveURL(/\/orders\/placed\/\d+$/);
      const order = await page.locator('a[href^="/orders/"]').first().getAttribute('href');
      await page.goto('/p/1');
      await page.locator('[data-testid="add-to-cart"]').click();
      await expect(page.locator('[data-testid="added"]')).toBeVisible();
      await check(page, ['/', '/p/1', '/cart', '/checkout', '/checkout?item=1&qty=2', '/orders', order!, `${order}?cancel=1`, '/wallet', '/account', '/sell', '/subscriptions', '/subscriptions/new?item=1']);
    });

    for (const staff of STAFF) {
      test(`the ${staff.who}'s pages fit`, async ({ page }) => {
        await signInAs(page, staff.phone, staff.password, lang);
        await check(page, staff.pages);
      });
    }
  });
}
