import { test, expect, request as playwrightRequest, type Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { DEMO_PASSWORD } from './playwright.config.ts';

/** What the member's authenticator app shows now for the setup key the page gave (spaces are only for reading). */
const codeFor = (setupKey: string, at = Date.now()) => TOTP.generate({ secret: Secret.fromBase32(setupKey.replace(/\s/g, '')), timestamp: at });

async function passwordStep(page: Page, email: string, password: string) {
  await page.goto('/#/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/**
 * A support agent adds an authenticator app from Sign-in methods (the user menu), saves the
 * recovery codes, and from then on signs in with the password and a code the app shows; a wrong
 * code is refused with the server's words, and a recovery code works once. The codes are computed
 * by the test from the setup key the page showed, as the agent's phone would.
 */
test('an authenticator app, added from Sign-in methods, is asked for at the next sign-in', async ({ page, baseURL }) => {
  // A fresh member (the demo accounts are shared with every other spec): made by the admin, password chosen.
  const email = `totp.agent.${Date.now()}@example.com`;
  const password = 'plum orbit kettle seven';
  const admin = await playwrightRequest.newContext({ baseURL });
  expect((await admin.post('/api/auth/login', { data: { email: 'admin@demo.subdesk', password: DEMO_PASSWORD } })).ok()).toBe(true);
  const { oneTimePassword } = (await (await admin.post('/api/staff', { data: { email, role: 'support' } })).json()) as { oneTimePassword: string };
  await admin.dispose();
  await passwordStep(page, email, oneTimePassword);
  await page.getByLabel('One-time password').fill(oneTimePassword);
  await page.getByLabel(/^New password/).fill(password);
  await page.getByLabel('Repeat the new password').fill(password);
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByRole('menuitem', { name: 'Customers' })).toBeVisible();

  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Sign-in methods' }).click();
  await expect(page.getByRole('heading', { name: 'Sign-in methods', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Second factors' })).toContainText('No second factor yet');
  await page.getByRole('button', { name: 'Add a passkey or app' }).click();
  const adding = page.getByRole('dialog', { name: 'Add a second factor' });
  await adding.getByRole('button', { name: 'Use an authenticator app' }).click();
  await expect(adding.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const setupKey = await adding.getByLabel('Setup key').inputValue();
  await adding.getByLabel('Code from the app').fill('000000');
  await adding.getByRole('button', { name: 'Confirm' }).click();
  await expect(adding.getByRole('alert')).toContainText('That code is not right');
  await adding.getByLabel('Code from the app').fill(codeFor(setupKey));
  await adding.getByLabel('Name for this app').fill('Work phone');
  await adding.getByRole('button', { name: 'Confirm' }).click();

  const codesDialog = page.getByRole('dialog', { name: 'Your recovery codes' });
  const codes = (await codesDialog.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents()).map((c) => c.trim());
  expect(codes).toHaveLength(10);
  await expect(codesDialog.getByRole('button', { name: 'Done' })).toBeDisabled();
  await codesDialog.getByLabel('I have saved my recovery codes').check();
  await codesDialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('table', { name: 'Your second factors' })).toContainText('Work phone');
  await expect(page.getByRole('region', { name: 'Recovery codes' })).toContainText('10 of 10 left');
  await page.screenshot({ path: 'test-results/second-factor-methods.png', fullPage: true });

  // Signed out, the password alone no longer gets in: the app's code is asked for on the same page.
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Logout' }).click();
  await passwordStep(page, email, password);
  await expect(page.getByRole('heading', { name: 'Confirm it is you' })).toBeVisible();
  expect((await page.request.get('/api/auth/me')).status()).toBe(401);
  await page.getByLabel('Code from your authenticator app').fill('123456');
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('alert')).toContainText('That code is not right');
  await page.screenshot({ path: 'test-results/second-factor-step.png', fullPage: true });
  // The next 30-second code: the one used to add the app is spent.
  const spentAt = Date.now() + 30_000;
  await page.getByLabel('Code from your authenticator app').fill(codeFor(setupKey, spentAt));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('menuitem', { name: 'Customers' })).toBeVisible();

  // A recovery code, once.
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Logout' }).click();
  await passwordStep(page, email, password);
  await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await page.getByLabel('Recovery code').fill(codes[0]!);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('menuitem', { name: 'Customers' })).toBeVisible();
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Sign-in methods' }).click();
  await expect(page.getByRole('region', { name: 'Recovery codes' })).toContainText('9 of 10 left');

  // The session ended by an admin while the agent is on a customer: the sign-in in place asks for
  // the app's code too, and the screen carries on after it.
  await page.goto('/#/customers');
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  const ender = await playwrightRequest.newContext({ baseURL });
  expect((await ender.post('/api/auth/login', { data: { email: 'admin@demo.subdesk', password: DEMO_PASSWORD } })).ok()).toBe(true);
  const [member] = (await (await ender.get(`/api/staff?filter=${encodeURIComponent(JSON.stringify({ q: email }))}`)).json()) as { id: number }[];
  expect((await ender.post(`/api/staff/${member!.id}/end-sessions`, { data: {} })).ok()).toBe(true);
  await ender.dispose();
  // Whether the page's own reads notice first or the reload does, the tab was signed in: the sign-in comes in place.
  await page.reload();
  const again = page.getByRole('dialog', { name: 'Sign in again to carry on' });
  await expect(again).toBeVisible();
  await again.getByLabel('Password').fill(password);
  await again.getByRole('button', { name: 'Sign in', exact: true }).click();
  // A code is never taken twice: the next one after the code spent above (the server accepts one step ahead).
  const step = (ms: number) => Math.floor(ms / 30_000);
  while (step(Date.now()) < step(spentAt)) await page.waitForTimeout(1_000);
  await again.getByLabel('Code from your authenticator app').fill(codeFor(setupKey, Date.now() + 30_000));
  await page.screenshot({ path: 'test-results/second-factor-in-place.png' });
  await again.getByRole('button', { name: 'Confirm' }).click();
  await expect(again).toBeHidden();
  expect((await page.request.get('/api/auth/me')).status()).toBe(200);
});
