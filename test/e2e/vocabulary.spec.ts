import { test, expect } from '@playwright/test';
import { signInAs } from './sign-in.ts';

/**
 * One vocabulary on every screen: times in the reader's zone with its name, the UTC evidence on
 * an entry, outcome words, and charts drawn by the chart library with their numbers as a table.
 */
test.use({ timezoneId: 'Europe/Stockholm' });

// "5 Dec 2026, 13:10 CET" (CEST in summer): the reader's own clock, named.
const STOCKHOLM_TIME = /^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2} CES?T$/;

test('the audit log shows times in the reader’s zone, named, and its daily chart with its numbers', async ({ page }) => {
  await signInAs(page, 'auditor');
  await page.getByRole('menuitem', { name: 'Audit log' }).click();

  const chart = page.getByRole('img', { name: /Audit entries per day over the last 30 days: \d+ in all, \d+ failed\./ });
  await expect(chart).toBeVisible();
  expect((await chart.boundingBox())!.height).toBeGreaterThan(150);
  await page.getByText('Show the numbers of “Actions per day” as a table').click();
  const table = page.getByRole('table', { name: 'Actions per day' });
  await expect(table.getByRole('columnheader')).toHaveText(['Day (UTC)', 'Succeeded', 'Failed', 'Denied', 'Requested', 'All']);
  await expect(table.getByRole('row')).toHaveCount(31);

  // The auditor's own sign-in, just now: the newest entries are on the first page.
  const signIn = page.getByRole('row').filter({ hasText: 'auth.login.succeeded' }).filter({ hasText: 'auditor@demo.subdesk' }).first();
  await expect(signIn.getByRole('cell').nth(1)).toHaveText(STOCKHOLM_TIME);
  await expect(signIn).toContainText('succeeded');

  await signIn.click();
  // The entry gives both: the reader's clock, and the UTC time it was recorded at, to the second.
  await expect(page.getByRole('term').filter({ hasText: 'Time (UTC, as recorded)' })).toBeVisible();
  await expect(page.getByRole('definition').filter({ hasText: /^\d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2}:\d{2} UTC$/ })).toHaveCount(1);
  await expect(page.getByRole('definition').filter({ hasText: STOCKHOLM_TIME })).toHaveCount(1);
});

test('the plans charts draw every plan, with the same numbers as a table', async ({ page }) => {
  await signInAs(page, 'merchandiser');
  await expect
    .poll(async () => ((await (await page.request.get('/api/plans/freshness')).json()) as { countsAsOf: string | null }).countsAsOf, { timeout: 60_000 })
    .not.toBeNull();
  await page.goto('/#/plans/charts');
  const chart = page.getByRole('img', { name: /Centra subscriptions per plan: [\d,]+ subscriptions on \d+ plans/ });
  await expect(chart).toBeVisible();
  expect((await chart.boundingBox())!.height).toBeGreaterThan(150);
  await page.getByText('Show the numbers of “Centra subscriptions per plan” as a table').click();
  const table = page.getByRole('table', { name: 'Centra subscriptions per plan' });
  await expect(table.getByRole('columnheader')).toHaveText(['Plan', 'Active', 'Paused', 'Cancelled', 'All']);
  const status = (await (await page.request.get('/api/plans/charts/status')).json()) as { centra: { name: string }[] };
  await expect(table.getByRole('rowheader')).toHaveText(status.centra.map((p) => p.name));
  await expect(page.getByText(/Counted \d{1,2} [A-Z][a-z]{2,3} \d{4}, \d{2}:\d{2} CES?T\./)).toBeVisible();
});
