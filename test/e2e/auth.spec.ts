import { test, expect } from '@playwright/test';
import { signInAs, type DemoRole } from './sign-in.ts';

/** What each demo role must see in the menu, and must not. */
const MENU: Record<DemoRole, string[]> = {
  support: ['Status', 'Customers', 'Connect links', 'Plans'],
  merchandiser: ['Status', 'Plans'],
  auditor: ['Status', 'Audit log'],
  admin: ['Status', 'Customers', 'Connect links', 'Plans', 'Audit log', 'Staff'],
};
const ALL_ENTRIES = ['Status', 'Customers', 'Connect links', 'Plans', 'Audit log', 'Staff'];

test('the login page says how to reach the demo accounts in sandbox mode', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Sign in to subdesk' })).toBeVisible();
  await expect(page.getByRole('note', { name: 'Demo accounts' })).toContainText('support@demo.subdesk');
  await page.screenshot({ path: 'test-results/auth-login.png', fullPage: true });
});

test('a wrong password is refused with the server’s message', async ({ page }) => {
  await page.goto('/#/login');
  await page.getByLabel('E-mail').fill('support@demo.subdesk');
  await page.getByLabel('Password').fill('certainly not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('e-mail address or password is not right');
});

for (const role of Object.keys(MENU) as DemoRole[]) {
  test(`${role} signs in and sees only their menu`, async ({ page }) => {
    await signInAs(page, role);
    for (const entry of ALL_ENTRIES) {
      const item = page.getByRole('menuitem', { name: entry, exact: true });
      if (MENU[role].includes(entry)) await expect(item, `${role} should see ${entry}`).toBeVisible();
      else await expect(item, `${role} should not see ${entry}`).toHaveCount(0);
    }
    await page.screenshot({ path: `test-results/auth-menu-${role}.png`, fullPage: true });
  });
}

test('admin creates a member, who signs in with the one-time password and must choose their own', async ({ page, browser }) => {
  await signInAs(page, 'admin');
  await page.getByRole('menuitem', { name: 'Staff' }).click();
  await expect(page.getByRole('cell', { name: 'admin@demo.subdesk' })).toBeVisible();
  await page.screenshot({ path: 'test-results/auth-staff-list.png', fullPage: true });
  await page.getByRole('link', { name: 'New member' }).click();
  const email = `new.agent.${Date.now()}@example.com`;
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Role').click();
  await page.getByRole('option', { name: /^Support/ }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  const dialog = page.getByRole('dialog', { name: `One-time password for ${email}` });
  await expect(dialog).toBeVisible();
  const oneTimePassword = await dialog.getByLabel('One-time password').inputValue();
  expect(oneTimePassword).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
  await page.screenshot({ path: 'test-results/auth-one-time-password.png' });
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('cell', { name: email })).toBeVisible();

  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await newcomer.goto('/#/login');
  await newcomer.getByLabel('E-mail').fill(email);
  await newcomer.getByLabel('Password').fill(oneTimePassword);
  await newcomer.getByRole('button', { name: 'Sign in' }).click();
  await expect(newcomer.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await newcomer.getByLabel('One-time password').fill(oneTimePassword);
  await newcomer.getByLabel(/^New password/).fill('plum orbit kettle seven');
  await newcomer.getByLabel('Repeat the new password').fill('plum orbit kettle seven');
  await newcomer.getByRole('button', { name: 'Save password' }).click();
  await expect(newcomer.getByRole('menuitem', { name: 'Customers' })).toBeVisible();
  await expect(newcomer.getByRole('menuitem', { name: 'Staff' })).toHaveCount(0);
  await context.close();
});

test('signing out ends the session', async ({ page }) => {
  await signInAs(page, 'auditor');
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Logout' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to subdesk' })).toBeVisible();
  const me = await page.request.get('/api/auth/me');
  expect(me.status()).toBe(401);
});
