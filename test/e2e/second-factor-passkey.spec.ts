import { test, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Passkeys, in Chromium with its virtual authenticator (the DevTools WebAuthn domain).
 *
 * This spec starts its own subdesk, on E2E_PORT + 1, for two reasons:
 *  - WebAuthn needs a secure context. Chromium treats http://localhost as one but not
 *    http://127.0.0.1 (where the shared e2e server is reached), and the relying party is
 *    PUBLIC_URL's host. So this server has PUBLIC_URL=http://localhost:<port> and the browser
 *    goes there; the same server reached at 127.0.0.1 is "another address", where the page says
 *    passkeys cannot work (checked below).
 *  - It keeps the product's default REQUIRE_SECOND_FACTOR (admins and auditors), so its demo admin
 *    is asked to enrol at sign-in, which the shared server turns off for every other spec.
 * The SPA it serves is the one the shared server's `npm start` built.
 */
const PORT = Number(process.env.E2E_PORT ?? 3107) + 1;
const ORIGIN = `http://localhost:${PORT}`;
const PASSWORD = 'e2e-passkey-demo-password';
const root = resolve(import.meta.dirname, '../..');
let server: ChildProcess;

test.beforeAll(async () => {
  // Another server on the port would answer the health check in this one's place.
  const taken = await fetch(`http://127.0.0.1:${PORT}/api/health`).then(
    () => true,
    () => false,
  );
  expect(taken, `port ${PORT} (E2E_PORT + 1) must be free for this spec's own server`).toBe(false);
  const dataDir = `data/e2e-${PORT}`;
  rmSync(resolve(root, dataDir), { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(PORT),
    DATABASE_PATH: `${dataDir}/subdesk.db`,
    PUBLIC_URL: ORIGIN,
    SUBDESK_DEMO_PASSWORD: PASSWORD,
    SANDBOX_CUSTOMERS: '20',
    SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'warn',
  };
  delete env.REQUIRE_SECOND_FACTOR;
  server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: root, env, stdio: 'ignore' });
  await expect(async () => {
    expect((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok).toBe(true);
  }).toPass({ timeout: 120_000 });
});

test.afterAll(() => {
  server?.kill('SIGTERM');
});

/** A platform authenticator with user verification, as a laptop's fingerprint reader or Windows Hello. */
async function virtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { credentials: async () => (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials };
}

async function passwordStep(page: Page, base: string, email: string) {
  await page.goto(`${base}/#/login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('the admin, asked to enrol at sign-in, makes a passkey and signs in with it', async ({ page }) => {
  test.setTimeout(180_000);
  const authenticator = await virtualAuthenticator(page);
  await passwordStep(page, ORIGIN, 'admin@demo.subdesk');
  await expect(page.getByRole('heading', { name: 'Add a second factor' })).toBeVisible();
  // Nothing else is reachable before the enrolment: no session exists yet.
  expect((await page.request.get(`${ORIGIN}/api/auth/me`)).status()).toBe(401);
  await page.screenshot({ path: 'test-results/passkey-enrol.png', fullPage: true });
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByLabel('Name for this passkey').fill('Virtual laptop');
  await page.getByRole('button', { name: 'Create passkey' }).click();
  await expect(page.getByRole('heading', { name: 'Save your recovery codes' })).toBeVisible();
  expect(await authenticator.credentials()).toHaveLength(1);
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await page.getByLabel('I have saved my recovery codes').check();
  await page.getByRole('button', { name: 'Continue to subdesk' }).click();
  await expect(page.getByRole('menuitem', { name: 'Staff' })).toBeVisible();

  // Signed out and back: the password, then the passkey.
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Logout' }).click();
  await passwordStep(page, ORIGIN, 'admin@demo.subdesk');
  await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
  await page.screenshot({ path: 'test-results/passkey-second-step.png', fullPage: true });
  await page.getByRole('button', { name: 'Use your passkey' }).click();
  await expect(page.getByRole('menuitem', { name: 'Staff' })).toBeVisible();

  // The passkey is listed under Sign-in methods, used just now; the Staff page says the admin has one.
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Sign-in methods' }).click();
  const factors = page.getByRole('table', { name: 'Your second factors' });
  await expect(factors).toContainText('Passkey');
  await expect(factors).toContainText('Virtual laptop');
  await expect(factors.getByRole('row').nth(1)).not.toContainText('never');
  // The only factor of a role that requires one cannot be removed.
  await expect(page.getByRole('button', { name: 'Remove Virtual laptop' })).toBeDisabled();
});

test('at another address than PUBLIC_URL the page says passkeys cannot work there, and offers the app', async ({ page }) => {
  await virtualAuthenticator(page);
  await passwordStep(page, `http://127.0.0.1:${PORT}`, 'auditor@demo.subdesk');
  await expect(page.getByRole('heading', { name: 'Add a second factor' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add a passkey' })).toBeDisabled();
  await expect(page.getByText(`Passkeys work only at ${ORIGIN}`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Use an authenticator app' })).toBeEnabled();
});
