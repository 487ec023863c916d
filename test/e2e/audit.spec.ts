import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { signInAs } from './sign-in.ts';
import { parseCsv } from '../helpers/csv.ts';

test('an auditor filters the log, opens an entry, verifies and exports', async ({ page }) => {
  await signInAs(page, 'auditor');
  await page.getByRole('menuitem', { name: 'Audit log' }).click();

  // The list, newest first, with the per-day chart above it.
  await expect(page.getByRole('img', { name: /Audit entries per day/ })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'staff.create', exact: true }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/audit-list.png', fullPage: true });

  // Filter: today's sign-ins of the auditor.
  await page.getByRole('button', { name: 'Today' }).click();
  await page.getByPlaceholder(/Request, customer/).fill('auth.login.succeeded');
  await expect(page.getByRole('cell', { name: 'staff.create', exact: true })).toHaveCount(0);
  await expect(page.getByRole('cell', { name: 'auth.login.succeeded', exact: true }).first()).toBeVisible();
  expect(decodeURIComponent(page.url())).toContain('"q":"auth.login.succeeded"');
  await page.screenshot({ path: 'test-results/audit-filtered.png', fullPage: true });

  // One entry: who, when, where, and the diff.
  await page.getByRole('cell', { name: 'auth.login.succeeded', exact: true }).first().click();
  await expect(page.getByRole('heading', { name: /#\d+ auth\.login\.succeeded/ })).toBeVisible();
  await expect(page.getByText('auditor@demo.subdesk').first()).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Before and after' })).toBeVisible();
  await page.screenshot({ path: 'test-results/audit-entry.png', fullPage: true });
  await page.goBack();

  // Verify the chain and the signed checkpoints.
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('dialog')).toContainText(/Intact: [\d,]+ entries checked/);
  // ...and compared with the witness kept outside the database.
  await expect(page.getByRole('dialog')).toContainText(/Checked against the witness file \S*audit-witness\.jsonl/);
  await page.screenshot({ path: 'test-results/audit-verify.png', fullPage: true });
  await page.getByRole('button', { name: 'Close' }).click();

  // Export the current filter as CSV: a streamed download.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export the current filter as CSV' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^subdesk-audit-.*\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(parseCsv(csv)[0]!.slice(0, 3)).toEqual(['seq', 'time', 'request_id']);
  expect(csv).toContain('auth.login.succeeded');
  expect(csv).not.toContain('staff.create');

  // Unusual reads of customers have their own quick filter.
  await page.getByRole('button', { name: 'Bulk customer reads' }).click();
  await expect(page.getByRole('button', { name: 'Bulk customer reads' })).toHaveAttribute('aria-pressed', 'true');
  expect(decodeURIComponent(page.url())).toContain('"action":"customer.search.bulk"');

  // Both the verification and the export are in the log themselves.
  const res = await page.request.get(`/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ action: 'audit.*' }))}`);
  const actions = ((await res.json()) as Array<{ action: string }>).map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(['audit.verify', 'audit.export']));
});
