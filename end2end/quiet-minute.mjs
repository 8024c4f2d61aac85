// `make bench`: what an open order page costs a phone while its order does not change: every byte
// the browser receives (headers and bodies, as Chromium counts them on the wire) in the minute
// after the page has hydrated. Budget: 10 KB a minute.
//   node end2end/quiet-minute.mjs http://127.0.0.1:3200 ITEM [SECONDS]
// It buys one ITEM as the demo shopper through the pages (sign-in, checkout, PIN), opens the
// order, and listens. Prints one JSON object.
import { chromium, devices } from '@playwright/test';

const [base, item, seconds = '60'] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic'],
});
try {
  const context = await browser.newContext({ ...devices['Pixel 7'], baseURL: base });
  const page = await context.newPage();
  await page.goto(`/login?next=${encodeURIComponent(`/checkout?item=${item}&qty=1`)}`);
  await page.getByLabel('손전화 번호', { exact: true }).fill('0191-100-0001');
  await page.getByLabel('비밀번호', { exact: true }).fill('okryu-shopper');
  await page.getByRole('button', { name: '로그인', exact: true }).click();
  await page.waitForURL(/\/checkout\?/);
  await page.getByLabel('PIN (4자리)', { exact: true }).fill('1234');
  await page.getByRole('button', { name: '결제하고 주문', exact: true }).click();
  await page.waitForURL(/\/orders\/placed\/\d+$/);
  await page.getByRole('link', { name: /^#\d+$/ }).first().click();
  await page.waitForURL(/\/orders\/\d+$/);
  await page.waitForSelector('body[data-hydrated]');

  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  // Per request: the bytes Chromium counted when it finished loading (headers and body); for one it
  // cancelled once its answer had come (a 304 the island need not read), the answer's headers and
  // whatever body arrived.
  const seen = new Map();
  const of = (id) => seen.get(id) ?? seen.set(id, { headers: 0, data: 0, finished: null }).get(id);
  const statuses = {};
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => {
    urls.set(e.requestId, new URL(e.response.url).pathname);
    statuses[e.response.status] = (statuses[e.response.status] ?? 0) + 1;
  });
  cdp.on('Network.responseReceivedExtraInfo', (e) => {
    of(e.requestId).headers = e.headersText?.length ?? 0;
  });
  cdp.on('Network.dataReceived', (e) => {
    of(e.requestId).data += e.encodedDataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    of(e.requestId).finished = e.encodedDataLength;
  });
  await page.waitForTimeout(Number(seconds) * 1000);
  const paths = [...new Set(urls.values())];
  let bytes = 0;
  for (const r of seen.values()) bytes += r.finished ?? r.headers + r.data;
  const requests = seen.size;
  const perMinute = Math.round((bytes * 60) / Number(seconds));
  console.log(JSON.stringify({ page: new URL(page.url()).pathname, seconds: Number(seconds), requests, bytes, perMinute, statuses, paths }));
} finally {
  await browser.close();
}
