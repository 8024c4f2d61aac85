import { defineConfig, devices } from '@playwright/test';

// The release server, on a fresh SQLite database per run, on its own port (so `make run` can stay up).
const addr = process.env.E2E_ADDR ?? '127.0.0.1:3100';
// A second shop on a database of its own, for the tests that change the catalog (listing a product
// puts it first on the home page): the first shop's pages and screenshots stay as the demo made them.
const catalogAddr = process.env.E2E_CATALOG_ADDR ?? '127.0.0.1:3101';
// A third shop whose clock shows Pyongyang lunchtime when it starts, for the tests of hot food: a
// restaurant is open then, whatever the hour the suite runs at.
const lunchAddr = process.env.E2E_LUNCH_ADDR ?? '127.0.0.1:3102';
// A fourth whose clock a test may move on (`OKRYU_TEST_CLOCK`), starting at Pyongyang's noon: a
// standing order's milk is ordered the evening before it is delivered.
const clockAddr = process.env.E2E_CLOCK_ADDR ?? '127.0.0.1:3103';
const runId = `${Date.now()}-${process.pid}`;
const chromium = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--autoplay-policy=no-user-gesture-required',
  ],
};

/**
 * One shop's server: the demo data on a fresh SQLite database called `db`, served at `at`, its
 * clock starting at Pyongyang's `clock` (`HH:MM`) when given.
 */
function shop(at: string, db: string, clock?: string, movable = false): Record<string, string> {
  return {
    ...(clock ? { OKRYU_DEMO_CLOCK: clock } : {}),
    ...(movable ? { OKRYU_TEST_CLOCK: '1' } : {}),
    DATABASE_URL: `sqlite://target/e2e/${db}.db`,
    LEPTOS_SITE_ADDR: at,
    LEPTOS_SITE_ROOT: 'target/site',
    RUST_LOG: 'warn',
    // The demo catalog and accounts (the suites sign in as the demo operator, seller, courier…).
    OKRYU_DEMO: '1',
    // Every browser test comes from 127.0.0.1: the suites' fresh accounts would otherwise meet
    // the 10-an-hour sign-up limit meant for one person's address.
    OKRYU_SIGNUPS_PER_HOUR: '100',
  };
}

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  // A failure is a bug to find, never a retry.
  retries: 0,
  workers: 2,
  reporter: [['list']],
  use: {
    baseURL: `http://${addr}`,
    trace: 'retain-on-failure',
  },
  projects: [
    // With JavaScript: the islands improve the server's pages (axe runs on the phone's pages).
    { name: 'phone', use: { ...devices['Pixel 7'], launchOptions: chromium }, testIgnore: /nojs\.spec/ },
    {
      name: 'desktop',
      use: { ...devices['Desktop Chrome'], launchOptions: chromium },
      // The standing order's test moves its shop's clock: one project runs it, or one run's day
      // would end the other's session.
      testIgnore: /nojs\.spec|a11y\.spec|fit\.spec|standing\.spec/,
    },
    // Without JavaScript: every shopper path is plain HTML, links and forms.
    {
      name: 'nojs',
      use: { ...devices['Pixel 7'], javaScriptEnabled: false, launchOptions: chromium },
      testMatch: /nojs\.spec|return\.spec/,
    },
  ],
  webServer: [
    {
      command: `mkdir -p ../target/e2e && cd .. && ./target/release/okryu`,
      url: `http://${addr}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: shop(addr, `okryu-${runId}`),
    },
    {
      command: `mkdir -p ../target/e2e && cd .. && ./target/release/okryu`,
      url: `http://${catalogAddr}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: shop(catalogAddr, `catalog-${runId}`),
    },
    {
      command: `mkdir -p ../target/e2e && cd .. && ./target/release/okryu`,
      url: `http://${lunchAddr}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: shop(lunchAddr, `lunch-${runId}`, '12:00'),
    },
    {
      command: `mkdir -p ../target/e2e && cd .. && ./target/release/okryu`,
      url: `http://${clockAddr}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: shop(clockAddr, `clock-${runId}`, '12:00', true),
    },
  ],
});
