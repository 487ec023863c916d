import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3107);
export const DEMO_PASSWORD = 'e2e-demo-password-2026';

/**
 * The product started as the README starts it (`npm start`: build the SPA, migrate, serve,
 * sandbox mode), on a fresh data directory, driven in Debian's Chromium.
 */
export default defineConfig({
  testDir: '.',
  outputDir: '../../test-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `rm -rf data/e2e-${PORT} && npm start`,
    cwd: '../..',
    url: `http://127.0.0.1:${PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(PORT),
      DATABASE_PATH: `data/e2e-${PORT}/subdesk.db`,
      SUBDESK_DEMO_PASSWORD: DEMO_PASSWORD,
      PUBLIC_URL: `http://127.0.0.1:${PORT}`,
      LOG_LEVEL: 'warn',
      // Every spec signs the shared demo admin and auditor in with the password alone; the second
      // factor's specs start their own server with the default (second-factor-*.spec.ts).
      REQUIRE_SECOND_FACTOR: 'none',
    },
  },
});
