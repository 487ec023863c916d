import { test, expect, type Page } from '@playwright/test';
import { signInAs } from './sign-in.ts';
import { person } from '../../server/sandbox/people.ts';

/**
 * Issue 7's journey on the sandbox's demo face, Zoë Ångström (person 0), whose first contract has a
 * subscription in every situation: support edits the contract's address, changes an interval,
 * pauses, resumes, and cancels the contract's last live subscription with the purge warning, then
 * finds every change on the History tab.
 */
const zoe = person(0);

// A stuck click names its line instead of eating the whole test timeout.
test.use({ actionTimeout: 15_000, viewport: { width: 1280, height: 900 } });

async function openZoe(page: Page) {
  await page.goto('/#/customers');
  const search = page.getByRole('textbox', { name: 'Search customers' });
  // The first crawl runs in the background after start: retry until Zoë is indexed.
  await expect(async () => {
    await search.fill('');
    await search.fill(zoe.email);
    await expect(page.getByRole('heading', { name: 'Zoë Ångström' })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.getByRole('tab', { name: /^Centra/ }).click();
  await expect(page.getByRole('article', { name: /^Centra contract / }).first()).toBeVisible();
}

async function pickReason(page: Page, label: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Reason' }).click();
  await page.getByRole('option', { name: label }).click();
}

test('support edits the address, changes an interval, pauses, resumes and cancels, and sees each in History', async ({ page }) => {
  test.setTimeout(120_000);
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message));
  await signInAs(page, 'support');
  await openZoe(page);

  // ---- Edit address: prefilled, country read-only with the rule, before/after preview ----
  await page.getByRole('button', { name: /^Edit address of contract \d+$/ }).click();
  const address = page.getByRole('dialog', { name: /Edit shipping address of contract/ });
  await expect(address.getByLabel('First name')).toHaveValue('Zoë');
  await expect(address.getByLabel('Country')).toHaveValue('SE');
  await expect(address.getByLabel('Country')).toHaveAttribute('readonly', '');
  await expect(address.getByText(/cancel the subscriptions and have the customer check out again/)).toBeVisible();
  await expect(address.getByText(/applies to every subscription on it/)).toBeVisible();
  await address.getByLabel('Address line 1').fill('Birger Jarlsgatan 12');
  await address.getByLabel('Address line 2').fill('3 tr');
  const preview = address.getByRole('table', { name: 'Address before and after' });
  await expect(preview.getByRole('cell', { name: 'Birger Jarlsgatan 12' })).toBeVisible();
  await preview.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/centra-address-dialog.png' });
  // Keyboard: Enter in a field submits the form.
  await address.getByLabel('Address line 2').press('Enter');
  await expect(page.getByText(/shipping address of contract \d+ was changed/)).toBeVisible();
  await expect(address).toBeHidden();
  await expect(page.getByText(/Birger Jarlsgatan 12, 3 tr/)).toBeVisible();

  // ---- Change interval of the first (Espresso, active) subscription ----
  const intervalButton = page.getByRole('button', { name: /^Change interval of subscription \d+$/ }).first();
  const subId = (await intervalButton.getAttribute('aria-label'))!.match(/\d+$/)![0];
  await intervalButton.click();
  const interval = page.getByRole('dialog', { name: `Change interval of subscription ${subId}` });
  await expect(interval.getByRole('radiogroup', { name: 'Plans offering this item now' })).toBeVisible();
  // Espresso Beans is in three plans; the seed put this subscription on one of them: take another.
  let planName = '';
  for (const name of ['1 month subscription', '2 weeks subscription', 'Weekly subscription']) {
    const radio = interval.getByRole('radio', { name: new RegExp(`^${name}: `) });
    if (await radio.isEnabled()) {
      planName = name;
      await radio.check();
      break;
    }
  }
  await expect(interval.getByText(/after the change/)).toBeVisible();
  await page.screenshot({ path: 'test-results/centra-interval-dialog.png' });
  await interval.getByRole('button', { name: 'Change interval' }).click();
  await expect(page.getByText(new RegExp(`Subscription ${subId} moved to ${planName}`))).toBeVisible();

  // The item in no plan says so instead of offering nothing.
  await page
    .getByRole('button', { name: /^Change interval of subscription \d+$/ })
    .nth(2)
    .click();
  await expect(page.getByRole('dialog').getByText(/no longer in any subscription plan/)).toBeVisible();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

  // ---- Pause, then resume, each with a reason ----
  await page.getByRole('button', { name: `Pause subscription ${subId}` }).click();
  await pickReason(page, 'Customer asked for it');
  await page.getByRole('dialog').getByLabel('Details (optional)').fill('On holiday for a month');
  await page.getByRole('dialog').getByRole('button', { name: 'Pause subscription' }).click();
  await expect(page.getByText(`Subscription ${subId} paused.`)).toBeVisible();

  await page.getByRole('button', { name: `Resume subscription ${subId}` }).click();
  await pickReason(page, 'Other (describe below)');
  const resume = page.getByRole('dialog');
  await expect(resume.getByRole('button', { name: 'Resume subscription' })).toBeDisabled();
  await resume.getByLabel('Details (required)').fill('Back from holiday early');
  await resume.getByRole('button', { name: 'Resume subscription' }).click();
  await expect(page.getByText(`Subscription ${subId} resumed.`)).toBeVisible();

  // ---- Cancel the contract's last live subscription: final, and the purge warning ----
  // The other three are cancelled through the API first, so that this one is the last live one.
  const others = (
    await page
      .getByRole('button', { name: /^Change quantity of subscription \d+$/ })
      .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')!.match(/\d+$/)![0]))
  ).filter((id) => id !== subId);
  for (const id of others) {
    const res = await page.request.post(`/api/centra-subscriptions/${id}/status`, {
      data: { status: 'cancelled', reason: { code: 'duplicate', text: 'e2e set-up' } },
    });
    expect(res.status()).toBe(200);
  }
  await page.reload();
  await page.getByRole('button', { name: `Cancel subscription ${subId}` }).click();
  const cancel = page.getByRole('dialog', { name: `Cancel subscription ${subId}` });
  await expect(cancel.getByText(/Cancelling is final/)).toBeVisible();
  await expect(cancel.getByText(/last live subscription on contract \d+/)).toBeVisible();
  await expect(cancel.getByText(/purge the contract's stored payment details/)).toBeVisible();
  await pickReason(page, 'Moving abroad');
  await expect(cancel.getByRole('button', { name: 'Cancel subscription' })).toBeDisabled();
  await cancel.getByRole('checkbox', { name: 'I understand cancelling is final' }).check();
  await expect(cancel.getByRole('button', { name: 'Cancel subscription' })).toBeEnabled();
  await page.waitForTimeout(400); // let the button's colour transition finish for the screenshot
  await page.screenshot({ path: 'test-results/centra-cancel-dialog.png' });
  await cancel.getByRole('button', { name: 'Cancel subscription' }).click();
  await expect(page.getByText(`Subscription ${subId} cancelled.`)).toBeVisible();
  await expect(page.getByRole('button', { name: `Cancel subscription ${subId}` })).toHaveCount(0);
  await expect(page.getByText('No payment method on file').first()).toBeVisible();

  // ---- History: each change is one line in plain words, with its reason and outcome ----
  await page.getByRole('tab', { name: 'History' }).click();
  const history = page.getByRole('table', { name: 'Customer history' });
  const line = (text: RegExp | string) =>
    history.getByRole('row').filter({ hasText: text }).filter({ hasText: 'support@demo.subdesk' }).filter({ hasText: 'succeeded' });
  await expect(line(/Changed the shipping address of contract \d+ to Birger Jarlsgatan 12, 3 tr/).first()).toBeVisible();
  await expect(line(new RegExp(`Moved Espresso Beans 1kg \\(every [^)]+\\) to ${planName}`)).first()).toBeVisible();
  await expect(line(/Paused Espresso Beans 1kg \(every [^)]+\)/).filter({ hasText: 'Customer asked for it: On holiday for a month' })).toHaveCount(1);
  await expect(line(/Resumed Espresso Beans 1kg/).filter({ hasText: 'Other: Back from holiday early' })).toHaveCount(1);
  await expect(line(/Cancelled Espresso Beans 1kg/).filter({ hasText: 'Moving abroad' })).toHaveCount(1);
  // Before and after on click: the cancellation's status, what changed first.
  await line(/Cancelled Espresso Beans 1kg/)
    .first()
    .click();
  const diff = page.getByRole('table', { name: 'Before and after' });
  const rows = await diff.getByRole('row').allInnerTexts();
  const statusRow = rows.findIndex((r) => /^status\s+active\s+cancelled/.test(r));
  const firstSame = rows.findIndex((r, i) => i > 0 && !/(changed|added|removed)\s*$/.test(r));
  expect(statusRow).toBeGreaterThan(0);
  expect(statusRow).toBeLessThan(firstSame);
  await page.screenshot({ path: 'test-results/centra-history.png', fullPage: true });
});

/** A customer with a live contract in `country`, found through the API; answers both ids. */
async function liveContractIn(page: Page, country: string): Promise<{ customer: string; contract: number }> {
  const filter = encodeURIComponent(JSON.stringify({ country, system: 'centra', hasActive: true }));
  const candidates = (await (await page.request.get(`/api/customers?filter=${filter}&range=${encodeURIComponent('[0,20]')}`)).json()) as { id: string }[];
  for (const c of candidates.slice(1)) {
    const contracts = (await (await page.request.get(`/api/centra-contracts?filter=${encodeURIComponent(JSON.stringify({ customerId: c.id }))}`)).json()) as {
      id: number;
      shippingAddress: { country: string };
      liveSubscriptions: number;
    }[];
    const k = contracts.find((x) => x.shippingAddress.country === country && x.liveSubscriptions > 0);
    if (k) return { customer: c.id, contract: k.id };
  }
  throw new Error(`no live contract in ${country}`);
}

test("the address form refuses what the contract's country does not have, by field, and sends nothing", async ({ page }) => {
  await signInAs(page, 'support');
  const swedish = await liveContractIn(page, 'SE');
  await page.goto(`/#/customers/${swedish.customer}/show/centra`);
  await page.getByRole('button', { name: `Edit address of contract ${swedish.contract}` }).click();
  const address = page.getByRole('dialog', { name: /Edit shipping address of contract/ });
  const before = await address.getByLabel('Postal code').inputValue();
  await address.getByLabel('Phone number').fill('call me maybe');
  await address.getByLabel('Postal code').fill('ABC');
  await address.getByRole('button', { name: 'Save address' }).click();
  // Each field says what is wrong with it, for Sweden; the message names the fields by their labels.
  await expect(address.getByText('is not a postal code of Sweden (for example 114 55)', { exact: true })).toBeVisible();
  await expect(address.getByText(/^is not a phone number of Sweden, nor one with its country code \(for example \+46 /)).toBeVisible();
  await expect(address.getByRole('alert')).toHaveText('Postal code is not a postal code of Sweden (for example 114 55). Also check Phone number.');
  await expect(address.getByLabel('Postal code')).toHaveAttribute('aria-invalid', 'true');
  await page.screenshot({ path: 'test-results/centra-address-refused.png' });
  await address.getByRole('button', { name: 'Close' }).click();
  await page.reload();
  await expect(page.getByRole('article', { name: `Centra contract ${swedish.contract}` }).getByText(new RegExp(`${before} `))).toBeVisible();

  // The same typing on a Dutch contract: its own format, its own example.
  const dutch = await liveContractIn(page, 'NL');
  await page.goto(`/#/customers/${dutch.customer}/show/centra`);
  await page.getByRole('button', { name: `Edit address of contract ${dutch.contract}` }).click();
  const nl = page.getByRole('dialog', { name: /Edit shipping address of contract/ });
  await nl.getByLabel('Postal code').fill('12345');
  await nl.getByRole('button', { name: 'Save address' }).click();
  await expect(nl.getByText('is not a postal code of Netherlands (for example 1012 AB)', { exact: true })).toBeVisible();
  await nl.getByLabel('Postal code').fill('1012ab');
  await nl.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByText(/shipping address of contract \d+ was changed/)).toBeVisible();
  await expect(page.getByRole('article', { name: `Centra contract ${dutch.contract}` }).getByText(/1012AB /)).toBeVisible();
});
