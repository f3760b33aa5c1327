import { defineConfig } from '@playwright/test';

/**
 * Browser journeys against a real `enso serve` on a fresh data directory.
 * Chromium is Debian's (/usr/bin/chromium): Playwright never downloads a browser here.
 * With DATABASE_URL set (CI), the server uses that PostgreSQL database instead of PGlite.
 * The web app must be built first (`npm run test:e2e` does it).
 */
const port = Number(process.env.E2E_PORT ?? 3199);
// E2E_BASE_URL points the suite at a server that is already running (no webServer then).
const external = process.env.E2E_BASE_URL;
const baseURL = external ?? `http://localhost:${port}`;
// One data directory per port, so journeys on different ports can run side by side.
const dataDir = `.cache/e2e-data-${port}`;
// Keep in step with support.ts.
// Zoom is a local peer started by e2e/online-and-feeds.spec.ts on the port below the server's, so the
// Zoom journey always runs; the server and the spec (a worker inherits this process's env) agree on it.
process.env.ZOOM_OAUTH_URL ??= `http://127.0.0.1:${port - 1}/oauth/token`;
process.env.ZOOM_API_URL ??= `http://127.0.0.1:${port - 1}/v2`;
// Stripe is a local peer for the whole run (stripe-peer.ts, the global setup) on the port 1,000 above the server's.
process.env.STRIPE_API_URL ??= `http://127.0.0.1:${port + 1000}`;
process.env.STRIPE_JS_URL ??= `http://127.0.0.1:${port + 1000}/v3/`;
// Twilio is a local peer for the whole run (twilio-peer.ts, a global setup) on the port 2,000 above the server's.
process.env.TWILIO_API_URL ??= `http://127.0.0.1:${port + 2000}`;
process.env.E2E_SERVER_URL = baseURL;
const adminPassword = process.env.ENSO_DEMO_ADMIN_PASSWORD ?? 'e2e-Lumiere-admin-2025';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: ['./stripe-peer.ts', './twilio-peer.ts'],
  outputDir: '../test-results',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never', outputFolder: '../playwright-report' }]] : 'list',
  use: {
    baseURL,
    locale: 'en-US',
    timezoneId: 'Europe/Paris',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: external
    ? undefined
    : {
        // The previous run's directory goes first; PGlite needs the parent directory to exist.
        command: `rm -rf ${dataDir} && mkdir -p .cache && node bin/enso.js serve`,
        cwd: '..',
        url: `${baseURL}/api/health`,
        timeout: 120_000,
        reuseExistingServer: false,
        stdout: 'pipe',
        stderr: 'pipe',
        env: {
          PORT: String(port),
          DATA_DIR: dataDir,
          ENSO_DEMO_ADMIN_PASSWORD: adminPassword,
          LOG_LEVEL: 'warn',
          ZOOM_OAUTH_URL: process.env.ZOOM_OAUTH_URL,
          ZOOM_API_URL: process.env.ZOOM_API_URL,
          STRIPE_API_URL: process.env.STRIPE_API_URL,
          STRIPE_JS_URL: process.env.STRIPE_JS_URL,
          TWILIO_API_URL: process.env.TWILIO_API_URL,
          TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000e2e000',
          TWILIO_AUTH_TOKEN: 'e2e-twilio-auth-token',
          TWILIO_FROM: '+15005550006',
          ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
        },
      },
});
