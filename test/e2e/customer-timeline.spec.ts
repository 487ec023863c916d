import { test, expect, type Page } from '@playwright/test';
import { signInAs } from './sign-in.ts';
import { person } from '../../server/sandbox/people.ts';

/**
 * The customer page as a support agent uses it between calls: tabs that say what is live and open
 * where it is, the ids in one copyable row, and the History tab as a timeline where the agent
 * writes a note and finds it with everything else.
 */
test.use({ actionTimeout: 15_000 });

/** Finds the customer by e-mail (an exact e-mail opens the page); retried while the first crawl runs. */
async function open(page: Page, email: string, name: string) {
  const heading = page.getByRole('heading', { name });
  await expect(async () => {
    if (await heading.isVisible()) return;
    await page.goto('/#/customers');
    await page.getByRole('textbox', { name: 'Search customers' }).fill(email);
    await expect(heading).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 45_000 });
}

test('a note is written on the History tab, shown in the timeline with who and when, and refused when empty, by the server, under the field', async ({
  page,
}) => {
  const zoe = person(0);
  await signInAs(page, 'support');
  await open(page, zoe.email, zoe.fullName);
  await page.getByRole('tab', { name: 'History' }).click();
  const note = page.getByRole('textbox', { name: 'Note' });
  await note.fill('Called about the late parcel; promised a call back on Friday.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByText('Note saved.')).toBeVisible();
  await expect(note).toHaveValue('');
  const history = page.getByRole('table', { name: 'Customer history' });
  const row = history.getByRole('row').filter({ hasText: 'Note: Called about the late parcel; promised a call back on Friday.' });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('support@demo.subdesk');
  await expect(row).toContainText(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}/);
  // The view that opened the page is its own line, folded.
  await expect(history.getByRole('row').filter({ hasText: 'Viewed by support@demo.subdesk' }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/timeline-note.png', fullPage: true });

  // Written again after a reload: still there (the server keeps it), newest first.
  await page.reload();
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByRole('table', { name: 'Customer history' }).getByRole('row').nth(1)).toContainText('Note: Called about the late parcel');

  // A whitespace-only note: the server says why, under the field.
  await page.getByRole('textbox', { name: 'Note' }).fill('   ');
  await page.getByRole('button', { name: 'Add note' }).click();
  await expect(page.getByText('cannot be empty', { exact: true })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Add a note' }).getByText('Note cannot be empty.')).toBeVisible();
});

test('tabs carry live counts and the page opens where something is live; ids sit in one copyable row; phones are formatted', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-write']);
  // subdesk's Permissions-Policy denies clipboard reads to its own pages (server/http/security.ts),
  // so the test notes what the page writes instead of reading the clipboard back.
  await page.addInitScript(() => {
    const write = navigator.clipboard.writeText.bind(navigator.clipboard);
    navigator.clipboard.writeText = async (text: string) => {
      (window as unknown as { copied: string[] }).copied = [...((window as unknown as { copied?: string[] }).copied ?? []), text];
      return write(text);
    };
  });
  await signInAs(page, 'support');
  // Someone with nothing live in Gigs but something live in Centra.
  const filter = encodeURIComponent(JSON.stringify({ system: 'both', hasActive: true }));
  const rows = (await (await page.request.get(`/api/customers?filter=${filter}&range=${encodeURIComponent('[0,199]')}`)).json()) as {
    id: string;
    email: string;
    name: string;
    gigsLive: number;
    centraLive: number;
  }[];
  const centraOnlyLive = rows.find((r) => r.gigsLive === 0 && r.centraLive > 0)!;
  expect(centraOnlyLive).toBeTruthy();
  await open(page, centraOnlyLive.email, centraOnlyLive.name);
  await expect(page.getByRole('tab', { name: `Centra · ${centraOnlyLive.centraLive} live` })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Gigs · 0 live' })).toBeVisible();
  await expect(page).toHaveURL(/\/show\/centra$/);

  // The agent's own choice of tab is kept.
  await page.getByRole('tab', { name: /^Gigs/ }).click();
  await expect(page).toHaveURL(/\/show$/);

  const ids = page.getByRole('region', { name: 'Ids' });
  const own = ids.getByRole('button', { name: /^Copy subdesk cus_/ });
  await expect(own).toBeVisible();
  await own.click();
  await expect(page.getByText(/^Copied subdesk cus_/)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { copied: string[] }).copied.at(-1))).toBe(centraOnlyLive.id);
  // Phones read as people write them: "+46 70 123 45 67", not "+46701234567".
  const phones = page.locator('dd').nth(1);
  await expect(phones).not.toHaveText(/\+\d{9,}/);
  await page.screenshot({ path: 'test-results/customer-header.png' });
});
