import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { signInAs } from './sign-in.ts';

/**
 * The Connect journey, as a support agent and then the customer: make the link on the customer's
 * Gigs tab, open it, complete it on the sandbox's hosted Connect page, land on /connect/done, and
 * see the change on the customer page and both audit entries on the History tab. The outcome is
 * recorded once, by whichever tells subdesk first: the customer's callback, or Gigs' webhook
 * (recorded by "system"; in sandbox mode it usually arrives before the browser's redirect).
 */
type Sub = { id: string; status: string; plan?: { id: string; name: string } | null; offeredActions: string[]; addons?: unknown[] };
type Customer = { id: string; email: string; name: string };

const used = new Set<string>();

/** A Gigs customer (not used by an earlier test) with a subscription offering `action`. */
async function findCustomer(api: APIRequestContext, action: string): Promise<{ customer: Customer; sub: Sub }> {
  let found: { customer: Customer; sub: Sub } | undefined;
  await expect(async () => {
    const filter = encodeURIComponent(JSON.stringify({ system: 'gigs', hasActive: true }));
    const res = await api.get(`/api/customers?filter=${filter}&range=${encodeURIComponent('[0,60]')}`);
    expect(res.ok()).toBe(true);
    const customers = (await res.json()) as Customer[];
    expect(customers.length).toBeGreaterThan(5);
    for (const c of customers) {
      if (used.has(c.id) || !c.email) continue;
      const subs = (await (await api.get(`/api/gigs-subscriptions?filter=${encodeURIComponent(JSON.stringify({ customerId: c.id }))}`)).json()) as Sub[];
      const sub = subs.find((s) => s.status === 'active' && s.offeredActions.includes(action));
      if (sub) {
        found = { customer: c, sub };
        used.add(c.id);
        return;
      }
    }
    throw new Error(`no customer offers ${action} yet`);
  }).toPass({ timeout: 60_000 });
  return found!;
}

/** Finds the customer by e-mail in the search box (an exact e-mail opens the page). */
async function openCustomer(page: Page, c: Customer) {
  await page.goto('/#/customers');
  const search = page.getByRole('textbox', { name: 'Search customers' });
  await search.fill(c.email);
  await expect(page.getByRole('heading', { name: c.name })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('tab', { name: /^Gigs/ })).toHaveAttribute('aria-selected', 'true');
}

/**
 * Creates the link in the open dialog, checks the dialog, opens the link; answers the customer's
 * tab. The dialog follows the link live: waiting, then opened once the customer's page shows.
 */
async function createAndOpen(page: Page, shot?: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.getByRole('heading', { name: 'Connect link ready' })).toBeVisible();
  const progress = dialog.getByRole('status', { name: 'Link progress' });
  await expect(progress).toContainText('Waiting for the customer to open the link');
  await expect(dialog.getByText(/personal to the customer and short-lived/)).toBeVisible();
  const url = await dialog.getByRole('textbox', { name: 'Connect link' }).inputValue();
  expect(url).toMatch(/\/sandbox\/gigs\/connect\/sessions\/csn_\w+\?token=/);
  await expect(dialog.getByRole('img', { name: 'QR code of the Connect link' })).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Copy link' })).toBeVisible();
  const open = dialog.getByRole('link', { name: 'Open link' });
  await expect(open).toHaveAttribute('target', '_blank');
  await expect(open).toHaveAttribute('rel', 'noopener noreferrer');
  if (shot) await page.screenshot({ path: `test-results/${shot}`, fullPage: true });
  const [customerTab] = await Promise.all([page.waitForEvent('popup'), open.click()]);
  await customerTab.waitForLoadState();
  await expect(customerTab.getByRole('heading', { name: 'Confirm in Connect' })).toBeVisible();
  await expect(progress).toContainText('The customer opened the link');
  return customerTab;
}

/** The customer completes on the hosted page and lands on subdesk's /connect/done. */
async function completeAsCustomer(tab: Page, shot?: string) {
  await tab.getByRole('button', { name: 'Complete' }).click();
  await expect(tab).toHaveURL(/\/connect\/done\?session_id=csn_\w+&status=success$/);
  await expect(tab.getByRole('heading', { name: 'All done, thank you!' })).toBeVisible();
  if (shot) await tab.screenshot({ path: `test-results/${shot}`, fullPage: true });
  await tab.close();
}

/** The dialog saw the customer complete; it is closed (the link is gone), and the History tab has both lines. */
async function seeBothEntries(page: Page) {
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('status', { name: 'Link progress' })).toContainText('The customer completed it in Connect');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await seeBothEntriesAfterReload(page);
}

test('new subscription: plan chooser → link → Connect checkout → one more subscription', async ({ page }) => {
  await signInAs(page, 'support');
  const { customer } = await findCustomer(page.request, 'viewSubscription');
  await openCustomer(page, customer);
  const cards = page.getByRole('article', { name: /^Gigs subscription / });
  await expect(cards.first()).toBeVisible();
  const before = await cards.count();

  await page.getByRole('region', { name: 'Gigs actions' }).getByRole('button', { name: 'Send new-subscription link' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('button', { name: 'Create link' })).toBeDisabled();
  const plans = dialog.getByRole('radiogroup', { name: 'Plan' });
  await expect(plans.getByRole('radio').first()).toBeVisible();
  await page.waitForTimeout(400); // let the dialog's fade-in finish before the picture
  await page.screenshot({ path: 'test-results/gigs-new-subscription-chooser.png', fullPage: true });
  await plans.getByRole('radio').first().check();
  const tab = await createAndOpen(page, 'gigs-link-dialog.png');
  await completeAsCustomer(tab, 'gigs-connect-done.png');

  await page.reload();
  await expect(page.getByRole('heading', { name: customer.name })).toBeVisible();
  await expect(cards).toHaveCount(before + 1);
  await page.getByRole('tab', { name: 'Gigs' }).click();
  await seeBothEntriesAfterReload(page);
});

/** The agent's "Sent … link" line and the customer's "completed" line, in plain words, each with its outcome. */
async function seeBothEntriesAfterReload(page: Page) {
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.getByRole('table', { name: 'Customer history' });
  await expect(
    history
      .getByRole('row')
      .filter({ hasText: /Sent [A-Za-z-]+ link/ })
      .filter({ hasText: 'support@demo.subdesk' })
      .filter({ hasText: 'succeeded' })
      .first(),
  ).toBeVisible();
  // Settled by the customer's return (the customer) or by Gigs' webhook (system), whichever came first.
  await expect(
    history
      .getByRole('row')
      .filter({ hasText: /The customer completed the [A-Za-z-]+ link/ })
      .first(),
  ).toBeVisible();
}

test('change plan: the customer picks the new plan in Connect; the card shows it', async ({ page }) => {
  await signInAs(page, 'support');
  const { customer, sub } = await findCustomer(page.request, 'changeSubscription');
  await openCustomer(page, customer);
  const card = page.getByRole('article', { name: new RegExp(`^Gigs subscription ${sub.id} `) });
  await card.getByRole('button', { name: 'Send change-plan link' }).click();
  const tab = await createAndOpen(page);
  const newPlan = tab.getByRole('combobox', { name: 'New plan' });
  const chosen = (await newPlan.locator('option').first().textContent())!.replace(/ \(.*\)$/, '');
  await completeAsCustomer(tab);
  await seeBothEntries(page);
  await page.getByRole('tab', { name: 'Gigs' }).click();
  await page.reload();
  await expect(page.getByRole('article', { name: new RegExp(`^Gigs subscription ${sub.id} `) }).getByRole('heading', { name: chosen })).toBeVisible();
  await page.screenshot({ path: 'test-results/gigs-after-change.png', fullPage: true });
});

test('cancel: confirmed in Connect; the card shows its end date and offers resume', async ({ page }) => {
  await signInAs(page, 'support');
  const { customer, sub } = await findCustomer(page.request, 'cancelSubscription');
  await openCustomer(page, customer);
  const card = page.getByRole('article', { name: new RegExp(`^Gigs subscription ${sub.id} `) });
  await expect(card.getByText('Ends', { exact: true })).toHaveCount(0);
  await card.getByRole('button', { name: 'Send cancel link' }).click();
  const tab = await createAndOpen(page);
  await completeAsCustomer(tab);
  await seeBothEntries(page);
  await page.getByRole('tab', { name: 'Gigs' }).click();
  await page.reload();
  // Gigs still says active; the card says what will happen.
  const after = page.getByRole('article', { name: new RegExp(`^Gigs subscription ${sub.id} \\(Cancels \\d{1,2} [A-Z][a-z]{2}( \\d{4})?\\)$`) });
  await expect(after.getByText('Ends', { exact: true })).toBeVisible();
  await expect(after.getByText(/^Cancels \d{1,2} [A-Z][a-z]{2}/)).toBeVisible();
  await expect(after.getByRole('button', { name: 'Send resume link' })).toBeVisible();
  await expect(after.getByRole('button', { name: 'Send cancel link' })).toHaveCount(0);
});

test('add-on: chooser lists only what the plan can buy; bought in Connect; listed on the card', async ({ page }) => {
  await signInAs(page, 'support');
  const { customer, sub } = await findCustomer(page.request, 'checkoutAddon');
  await openCustomer(page, customer);
  const card = page.getByRole('article', { name: new RegExp(`^Gigs subscription ${sub.id} `) });
  await card.getByRole('button', { name: 'Send add-on link' }).click();
  const dialog = page.getByRole('dialog');
  const addons = dialog.getByRole('radiogroup', { name: 'Add-on' });
  const first = addons.getByRole('radio').first();
  await expect(first).toBeVisible();
  const label = (await addons.locator('label').first().innerText()).split('·')[0]!.trim();
  await first.check();
  await page.waitForTimeout(400);
  await page.screenshot({ path: 'test-results/gigs-addon-chooser.png', fullPage: true });
  const tab = await createAndOpen(page);
  await completeAsCustomer(tab);
  await seeBothEntries(page);
  await page.getByRole('tab', { name: 'Gigs' }).click();
  await page.reload();
  await expect(
    page
      .getByRole('article', { name: new RegExp(`^Gigs subscription ${sub.id} `) })
      .getByRole('listitem')
      .filter({ hasText: label })
      .first(),
  ).toBeVisible();
});

test('the Connect links list shows who made which link and how it ended, filterable, never the link', async ({ page }) => {
  await signInAs(page, 'support');
  await page.getByRole('menuitem', { name: 'Connect links' }).click();
  await expect(page.getByRole('columnheader', { name: 'Agent' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'support@demo.subdesk' }).first()).toBeVisible();
  await expect(page.getByText('completed').first()).toBeVisible();
  await expect(page.locator('body')).not.toContainText('token=');
  await page.screenshot({ path: 'test-results/gigs-connect-links.png', fullPage: true });
});

test('a second pending link for the same subscription and intent warns first; the wrong one is revoked from History', async ({ page }) => {
  await signInAs(page, 'support');
  const { customer, sub } = await findCustomer(page.request, 'viewSubscription');
  await openCustomer(page, customer);
  const card = page.getByRole('article', { name: new RegExp(`^Gigs subscription ${sub.id} `) });
  const dialog = page.getByRole('dialog');
  await card.getByRole('button', { name: 'Send view link' }).click();
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.getByRole('heading', { name: 'Connect link ready' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The same again: the server says one is pending; the agent must say "another anyway".
  await card.getByRole('button', { name: 'Send view link' }).click();
  const warning = dialog.getByRole('alert');
  await expect(warning).toContainText('A view link for this is still pending: made');
  await expect(warning).toContainText('support@demo.subdesk');
  const create = dialog.getByRole('button', { name: 'Create link' });
  await expect(create).toBeDisabled();
  await page.screenshot({ path: 'test-results/gigs-second-link-warning.png' });
  await dialog.getByRole('checkbox', { name: 'Make another link anyway' }).check();
  await expect(create).toBeEnabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  // History lists it as pending with its age; revoking says what Gigs cannot do, and it leaves the list.
  await page.getByRole('tab', { name: 'History' }).click();
  const pending = page.getByRole('region', { name: 'Pending Connect links' });
  await expect(pending.getByText(/^View subscription: /)).toHaveCount(1);
  await expect(pending).toContainText(/Made (just now|\d+ min\. ago) by support@demo\.subdesk/);
  await pending.getByRole('button', { name: 'Revoke view link' }).click();
  const confirm = page.getByRole('dialog', { name: 'Revoke this view link?' });
  await expect(confirm).toContainText('the customer may still be able to use it until it expires');
  await page.screenshot({ path: 'test-results/gigs-revoke.png' });
  await confirm.getByRole('button', { name: 'Revoke link' }).click();
  await expect(page.getByText('Link revoked in subdesk.')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Pending Connect links' })).toHaveCount(0);
  await expect(page.getByRole('table', { name: 'Customer history' }).getByRole('row').filter({ hasText: 'Revoked the view link' }).first()).toBeVisible();
});

test("the plan chooser offers only plans covering the customer's country, by price within each currency", async ({ page }) => {
  await signInAs(page, 'support');
  const zoe = { id: '', email: 'zoe.angstrom0@example.com', name: 'Zoë Ångström' };
  await openCustomer(page, zoe);
  await page.getByRole('region', { name: 'Gigs actions' }).getByRole('button', { name: 'Send new-subscription link' }).click();
  const plans = page.getByRole('dialog').getByRole('radiogroup', { name: 'Plan' });
  await expect(plans.getByRole('radio').first()).toBeVisible();
  await expect(page.getByRole('dialog')).toContainText('Plans that cover SE');
  const labels = await plans.locator('label').allInnerTexts();
  expect(labels.length).toBeGreaterThan(0);
  // Zoë is in Sweden: no plan covering only the United States.
  for (const l of labels) expect(l).not.toContain('United States');
  expect(labels.some((l) => l.includes('Europe'))).toBe(true);
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
});

test('the account links: the customer corrects their name and address in Connect; the Gigs tab shows both', async ({ page }) => {
  await signInAs(page, 'support');
  const { customer } = await findCustomer(page.request, 'viewSubscription');
  await openCustomer(page, customer);
  const actions = page.getByRole('region', { name: 'Gigs actions' });
  for (const name of ['Send payment-method link', 'Send address link', 'Send name link', 'Send subscriptions link'])
    await expect(actions.getByRole('button', { name })).toBeVisible();

  await actions.getByRole('button', { name: 'Send name link' }).click();
  await expect(page.getByRole('dialog')).toContainText('corrects the name on their Gigs account');
  let tab = await createAndOpen(page);
  await tab.getByRole('textbox', { name: 'Full name' }).fill('Ada Lovelace');
  await completeAsCustomer(tab);
  await seeBothEntries(page);

  await page.getByRole('tab', { name: 'Gigs' }).click();
  await actions.getByRole('button', { name: 'Send address link' }).click();
  tab = await createAndOpen(page);
  await tab.getByRole('textbox', { name: 'Street address' }).fill('Kungsgatan 2');
  await tab.getByRole('textbox', { name: 'Postal code' }).fill('111 43');
  await tab.getByRole('textbox', { name: 'City' }).fill('Stockholm');
  await tab.getByRole('textbox', { name: 'Country (two letters)' }).fill('SE');
  await completeAsCustomer(tab);
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  await page.reload();
  await page.getByRole('tab', { name: 'Gigs' }).click();
  const account = page.getByRole('region', { name: 'Gigs account' });
  await expect(account).toContainText('Ada Lovelace');
  await expect(account).toContainText('Kungsgatan 2, 111 43 Stockholm, SE');
  await page.screenshot({ path: 'test-results/gigs-account-links.png', fullPage: true });
});

test('eSIM installation: offered for an eSIM subscription; the customer sees the activation code in Connect', async ({ page }) => {
  await signInAs(page, 'support');
  const { customer, sub } = await findCustomer(page.request, 'viewEsimInstallation');
  await openCustomer(page, customer);
  const card = page.getByRole('article', { name: new RegExp(`^Gigs subscription ${sub.id} `) });
  await card.getByRole('button', { name: 'Send eSIM-installation link' }).click();
  await expect(page.getByRole('dialog')).toContainText('how to install this eSIM');
  const tab = await createAndOpen(page);
  await expect(tab.getByText(/Activation code: LPA:1\$/)).toBeVisible();
  await completeAsCustomer(tab);
  await seeBothEntries(page);
});
