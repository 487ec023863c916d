import { test, expect, type APIRequestContext, type Page } from '@playwright/test';
import { signInAs } from './sign-in.ts';

/**
 * The Connect journey, as a support agent and then the customer: make the link on the customer's
 * Gigs tab, open it, complete it on the sandbox's hosted Connect page, land on /connect/done, and
 * see the change on the customer page and both audit entries on the History tab. The outcome is
 * recorded once, by whichever tells subdesk first: the customer's callback, or Gigs' webhook
 * (recorded by "system"; in sandbox mode it usually arrives before the browser's redirect).
 */
const SETTLED = /gigs\.connectSession\.(callback|settle)/;
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
  await expect(page.getByRole('tab', { name: 'Gigs' })).toHaveAttribute('aria-selected', 'true');
}

/** Creates the link in the open dialog, checks the dialog, opens the link; answers the customer's tab. */
async function createAndOpen(page: Page, shot?: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await expect(dialog.getByRole('heading', { name: 'Connect link ready' })).toBeVisible();
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

/** Closes the link dialog (the link is gone), reloads the page, and checks the History tab. */
async function seeBothEntries(page: Page) {
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
  await expect(page.getByRole('dialog')).toBeHidden();
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.getByRole('table', { name: 'Customer history' });
  const created = history.getByRole('row').filter({ hasText: 'gigs.connectSession.create' }).filter({ hasText: 'succeeded' });
  const callback = history.getByRole('row').filter({ hasText: SETTLED });
  await expect(created.first()).toBeVisible();
  await expect(callback.first()).toBeVisible();
  await expect(callback.first()).toContainText('succeeded');
}

test('new subscription: plan chooser → link → Connect checkout → one more subscription', async ({ page }) => {
  await signInAs(page, 'support');
  const { customer } = await findCustomer(page.request, 'viewSubscription');
  await openCustomer(page, customer);
  const cards = page.getByRole('article', { name: /^Gigs subscription / });
  await expect(cards.first()).toBeVisible();
  const before = await cards.count();

  await page.getByRole('region', { name: 'Gigs actions' }).getByRole('button', { name: 'New subscription' }).click();
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

/** After a reload there is no dialog to close. */
async function seeBothEntriesAfterReload(page: Page) {
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.getByRole('table', { name: 'Customer history' });
  await expect(history.getByRole('row').filter({ hasText: 'gigs.connectSession.create' }).filter({ hasText: 'succeeded' }).first()).toBeVisible();
  await expect(history.getByRole('row').filter({ hasText: SETTLED }).first()).toBeVisible();
}

test('change plan: the customer picks the new plan in Connect; the card shows it', async ({ page }) => {
  await signInAs(page, 'support');
  const { customer, sub } = await findCustomer(page.request, 'changeSubscription');
  await openCustomer(page, customer);
  const card = page.getByRole('article', { name: `Gigs subscription ${sub.id}` });
  await card.getByRole('button', { name: 'Change plan' }).click();
  const tab = await createAndOpen(page);
  const newPlan = tab.getByRole('combobox', { name: 'New plan' });
  const chosen = (await newPlan.locator('option').first().textContent())!.replace(/ \(.*\)$/, '');
  await completeAsCustomer(tab);
  await seeBothEntries(page);
  await page.getByRole('tab', { name: 'Gigs' }).click();
  await page.reload();
  await expect(page.getByRole('article', { name: `Gigs subscription ${sub.id}` }).getByRole('heading', { name: chosen })).toBeVisible();
  await page.screenshot({ path: 'test-results/gigs-after-change.png', fullPage: true });
});

test('cancel: confirmed in Connect; the card shows its end date and offers resume', async ({ page }) => {
  await signInAs(page, 'support');
  const { customer, sub } = await findCustomer(page.request, 'cancelSubscription');
  await openCustomer(page, customer);
  const card = page.getByRole('article', { name: `Gigs subscription ${sub.id}` });
  await expect(card.getByText('Ends / ended')).toHaveCount(0);
  await card.getByRole('button', { name: 'Cancel' }).click();
  const tab = await createAndOpen(page);
  await completeAsCustomer(tab);
  await seeBothEntries(page);
  await page.getByRole('tab', { name: 'Gigs' }).click();
  await page.reload();
  const after = page.getByRole('article', { name: `Gigs subscription ${sub.id}` });
  await expect(after.getByText('Ends / ended')).toBeVisible();
  await expect(after.getByRole('button', { name: 'Resume' })).toBeVisible();
  await expect(after.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
});

test('add-on: chooser lists only what the plan can buy; bought in Connect; listed on the card', async ({ page }) => {
  await signInAs(page, 'support');
  const { customer, sub } = await findCustomer(page.request, 'checkoutAddon');
  await openCustomer(page, customer);
  const card = page.getByRole('article', { name: `Gigs subscription ${sub.id}` });
  await card.getByRole('button', { name: 'Buy add-on' }).click();
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
  await expect(page.getByRole('article', { name: `Gigs subscription ${sub.id}` }).getByRole('listitem').filter({ hasText: label }).first()).toBeVisible();
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
