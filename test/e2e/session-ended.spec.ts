import { test, expect, type Browser, type Page } from '@playwright/test';
import { signInAs, type DemoRole } from './sign-in.ts';
import { DEMO_PASSWORD } from './playwright.config.ts';

/** An admin, in a browser of their own, ends every session of the demo account of `role` (the API an admin's Staff page uses). */
async function adminEndsSessionsOf(browser: Browser, role: DemoRole) {
  const admin = await browser.newContext();
  const login = await admin.request.post('/api/auth/login', { data: { email: 'admin@demo.subdesk', password: DEMO_PASSWORD } });
  expect(login.ok()).toBe(true);
  const found = (await (await admin.request.get(`/api/staff?filter=${encodeURIComponent(JSON.stringify({ q: `${role}@demo.subdesk` }))}`)).json()) as {
    id: number;
  }[];
  const ended = await admin.request.post(`/api/staff/${found[0]!.id}/end-sessions`, { data: {} });
  expect(ended.ok()).toBe(true);
  await admin.close();
}

/** A new member made by the admin (through the API), signed in on `page` with the one-time password. */
async function newMemberSignsIn(page: Page, browser: Browser, role: DemoRole, prefix: string) {
  const admin = await browser.newContext();
  await admin.request.post('/api/auth/login', { data: { email: 'admin@demo.subdesk', password: DEMO_PASSWORD } });
  const email = `${prefix}.${Date.now()}@example.com`;
  const { oneTimePassword } = (await (await admin.request.post('/api/staff', { data: { email, role } })).json()) as { oneTimePassword: string };
  await admin.close();
  await page.goto('/#/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(oneTimePassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  return oneTimePassword;
}

async function choosePassword(page: Page, current: string, chosen: string) {
  await page.getByLabel(/^(One-time|Current) password/).fill(current);
  await page.getByLabel(/^New password/).fill(chosen);
  await page.getByLabel('Repeat the new password').fill(chosen);
  await page.getByRole('button', { name: 'Save password' }).click();
}

/** The sign-in in place: over the screen, for the same member; afterwards the screen carries on. */
async function signInAgain(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Sign in again to carry on' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('E-mail')).toHaveValue(/@demo\.subdesk$/);
  await dialog.getByLabel('Password').fill(DEMO_PASSWORD);
  await dialog.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('a session ended by an admin meets the agent with a sign-in in place, on Plans', async ({ page, browser }) => {
  await signInAs(page, 'merchandiser');
  await page.goto('/#/plans/charts');
  await expect(page.getByRole('img', { name: /Gigs subscriptions per plan/ })).toBeVisible();
  await adminEndsSessionsOf(browser, 'merchandiser');

  // The next thing the agent asks for meets the sign-in, over the page they were on.
  await page.getByRole('tab', { name: 'Gigs plans' }).click();
  await expect(page.getByRole('dialog', { name: 'Sign in again to carry on' })).toBeVisible();
  await page.screenshot({ path: 'test-results/session-ended-plans.png' });
  await signInAgain(page);
  await expect(page).toHaveURL(/#\/plans\/gigs/);
  await expect(page.getByRole('columnheader', { name: 'Plan' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Sign in to subdesk' })).toHaveCount(0);
});

test('on the Audit log, and the filter the auditor typed stays', async ({ page, browser }) => {
  await signInAs(page, 'auditor');
  await page.getByRole('menuitem', { name: 'Audit log' }).click();
  await expect(page.getByRole('img', { name: /Audit entries per day/ })).toBeVisible();
  await adminEndsSessionsOf(browser, 'auditor');

  await page.getByPlaceholder(/Request, customer/).fill('auth.login.succeeded');
  await signInAgain(page);
  await expect(page.getByPlaceholder(/Request, customer/)).toHaveValue('auth.login.succeeded');
  await expect(page.getByRole('cell', { name: 'auth.login.succeeded', exact: true }).first()).toBeVisible();
  await expect(page.getByRole('img', { name: /Audit entries per day/ })).toBeVisible();
});

test('on a form being filled: what was typed is kept, and saving works after signing in', async ({ page, browser }) => {
  await signInAs(page, 'admin');
  await page.goto('/#/staff/create');
  const email = `kept.${Date.now()}@example.com`;
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Role').click();
  await page.getByRole('option', { name: /^Auditor/ }).click();
  await adminEndsSessionsOf(browser, 'admin');

  await page.getByRole('button', { name: 'Save' }).click();
  await signInAgain(page);
  await expect(page.getByLabel('E-mail')).toHaveValue(email);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog', { name: `One-time password for ${email}` })).toBeVisible();
});

test('signing out in another tab ends this one too, with the sign-in in place', async ({ page }) => {
  await signInAs(page, 'support');
  await page.goto('/#/connect-sessions');
  await expect(page.getByRole('heading', { name: 'Connect links' }).or(page.getByText('Connect links').first())).toBeVisible();
  const other = await page.context().newPage();
  await other.goto('/#/status');
  await other.getByRole('button', { name: 'Profile' }).click();
  await other.getByRole('menuitem', { name: 'Logout' }).click();
  await expect(other.getByRole('heading', { name: 'Sign in to subdesk' })).toBeVisible();

  // Without the agent doing anything here.
  await expect(page.getByRole('dialog', { name: 'Sign in again to carry on' })).toContainText('You signed out in another tab');
  await signInAgain(page);
  await expect(page).toHaveURL(/#\/connect-sessions/);
});

test('a warning comes a minute before the idle timeout, then the sign-in', async ({ page }) => {
  await page.clock.install();
  await signInAs(page, 'support');
  await page.goto('/#/plans');
  await expect(page.getByRole('tab', { name: 'Gigs plans' })).toBeVisible();
  // Every answer restarts the count (the server saw the member): let the page's reads finish first,
  // or one answered late on a busy machine restarts it after the clock has moved.
  await expect(page.getByText(/^Counts as of/)).toBeVisible();
  await page.waitForLoadState('networkidle');
  await page.clock.fastForward('28:30');
  await expect(page.getByRole('alertdialog', { name: 'Still there?' })).toHaveCount(0);
  await page.clock.fastForward('00:45');
  const warning = page.getByRole('alertdialog', { name: 'Still there?' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/signed out in \d+ seconds/);
  await page.clock.fastForward('01:00');
  await expect(warning).toBeHidden();
  await expect(page.getByRole('dialog', { name: 'Sign in again to carry on' })).toContainText('after 30 minutes without activity');
});

test('a link opened while signed out lands there after signing in', async ({ page }) => {
  await page.goto('/#/plans/gigs-addons');
  await expect(page.getByRole('heading', { name: 'Sign in to subdesk' })).toBeVisible();
  await page.getByLabel('E-mail').fill('merchandiser@demo.subdesk');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/#\/plans\/gigs-addons$/);
  await expect(page.getByRole('tab', { name: 'Gigs add-ons' })).toHaveAttribute('aria-selected', 'true');
});

test('a new member who asked for a page before choosing a password goes on to it afterwards', async ({ page, browser }) => {
  const oneTimePassword = await newMemberSignsIn(page, browser, 'merchandiser', 'first.day');
  // The member tries a page first: the password comes first, the page is remembered.
  await page.goto('/#/plans/centra');
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toBeVisible();
  await choosePassword(page, oneTimePassword, 'lantern pebble orchard nine');
  await expect(page).toHaveURL(/#\/plans\/centra$/);
  await expect(page.getByRole('heading', { name: 'Subscription plans' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Choose your password' })).toHaveCount(0);
});

test('"Change password" is in the user menu, and saving comes back to the page', async ({ page, browser }) => {
  // A member of its own: changing a demo account's password would break the other tests.
  await choosePassword(page, await newMemberSignsIn(page, browser, 'auditor', 'menu'), 'first chosen words here');
  await page.goto('/#/audit-events');
  await expect(page.getByRole('img', { name: /Audit entries per day/ })).toBeVisible();
  await page.getByRole('button', { name: 'Profile' }).click();
  await page.getByRole('menuitem', { name: 'Change password' }).click();
  await choosePassword(page, 'first chosen words here', 'second chosen words now');
  await expect(page).toHaveURL(/#\/audit-events/);
  await expect(page.getByRole('img', { name: /Audit entries per day/ })).toBeVisible();
});

/**
 * A session that ended meanwhile (an admin ended it, an idle timeout, a sign-out in another tab)
 * meets the agent with the sign-in in place from any screen: the Centra dialogs read and write
 * through react-admin's data layer, so their 401 reaches authProvider.checkError like every list's.
 */
test('a Centra dialog met by an ended session: the sign-in in place, and the dialog keeps what was typed', async ({ page, browser }) => {
  await signInAs(page, 'support');
  // A customer with a contract that still has something live (other specs cancel some), through the API.
  let target: { customer: string; contract: number } | undefined;
  await expect(async () => {
    const filter = encodeURIComponent(JSON.stringify({ system: 'centra', hasActive: true }));
    const rows = (await (await page.request.get(`/api/customers?filter=${filter}&range=${encodeURIComponent('[0,20]')}`)).json()) as { id: string }[];
    for (const r of rows.reverse()) {
      const contracts = (await (await page.request.get(`/api/centra-contracts?filter=${encodeURIComponent(JSON.stringify({ customerId: r.id }))}`)).json()) as {
        id: number;
        liveSubscriptions: number;
      }[];
      const k = contracts.find((x) => x.liveSubscriptions > 0);
      if (k) {
        target = { customer: r.id, contract: k.id };
        return;
      }
    }
    throw new Error('no live contract indexed yet');
  }).toPass({ timeout: 30_000 });
  await page.goto(`/#/customers/${target!.customer}/show/centra`);
  await page.getByRole('button', { name: `Edit address of contract ${target!.contract}` }).click();
  const dialog = page.getByRole('dialog', { name: /Edit shipping address of contract/ });
  await dialog.getByLabel('City').fill('Uppsala');

  // Meanwhile an admin ends the agent's sessions.
  await adminEndsSessionsOf(browser, 'support');

  await dialog.getByRole('button', { name: 'Save address' }).click();
  await signInAgain(page);
  // The dialog and what was typed in it are still there: saving now works.
  await expect(dialog.getByLabel('City')).toHaveValue('Uppsala');
});
