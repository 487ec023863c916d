import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { parseCsv } from '../helpers/csv.ts';
import { signInAs } from './sign-in.ts';

test('a merchandiser reads the plans, looks at the charts, exports a CSV and opens a deep link', async ({ page }) => {
  await signInAs(page, 'merchandiser');
  // The counts come from the customer index: wait for the first crawl to have counted them.
  await expect
    .poll(async () => ((await (await page.request.get('/api/plans/freshness')).json()) as { countsAsOf: string | null }).countsAsOf, { timeout: 60_000 })
    .not.toBeNull();

  await page.getByRole('menuitem', { name: 'Plans' }).click();
  await expect(page).toHaveURL(/#\/plans$/);
  await expect(page.getByRole('status').filter({ hasText: /Counts as of/ })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Gigs plans', selected: true })).toBeVisible();
  const essentials = page.getByRole('row').filter({ hasText: 'Essentials 5GB' });
  await expect(essentials).toContainText('$15.00');
  await expect(essentials).toContainText('5 GB');
  await expect(essentials).toContainText('500 min');
  await expect(essentials).toContainText('100 SMS');
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: /^Unlimited/ })
      .first(),
  ).toContainText('Unlimited');
  await page.screenshot({ path: 'test-results/plans-gigs.png', fullPage: true });

  // Sort by active subscriptions, then filter to one provider.
  await page.getByRole('button', { name: 'Active' }).click();
  await page.getByPlaceholder('Plan name or id').fill('europe');
  await expect(page.getByRole('row').filter({ hasText: 'Essentials 5GB' })).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: 'Europe Data 10GB' })).toBeVisible();

  // Export what is on screen: the server's CSV with the same filter.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Export Gigs plans as CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^subdesk-gigs-plans-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
  expect(parseCsv(csv)[0]!.slice(0, 5)).toEqual(['Plan id', 'Name', 'Status', 'Provider', 'Price']);
  expect(csv).toContain('Europe Data 10GB');
  expect(csv).not.toContain('Essentials 5GB');

  // Centra: the product × plan matrix flags the product in no plan.
  await page.getByRole('tab', { name: 'Centra products & plans' }).click();
  await expect(page.getByRole('heading', { name: 'Products × plans' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Organic Dog Food' })).toContainText('In no plan');
  await expect(page.getByRole('row').filter({ hasText: 'Espresso Beans' })).toContainText('every 2 weeks');
  await page.screenshot({ path: 'test-results/plans-centra.png', fullPage: true });

  // Charts: stacked bars per plan and the weekly balance, each with its numbers as a table.
  await page.getByRole('tab', { name: 'Charts' }).click();
  const gigsChart = page.getByRole('img', { name: /Gigs subscriptions per plan: [\d,]+ subscriptions on \d+ plans/ });
  await expect(gigsChart).toBeVisible();
  await expect(page.getByRole('img', { name: /New and cancelled subscriptions per week/ })).toBeVisible();
  await page.getByText('Show the numbers of “Gigs subscriptions per plan” as a table').click();
  await expect(page.getByRole('table', { name: 'Gigs subscriptions per plan' })).toBeVisible();
  await page.screenshot({ path: 'test-results/plans-charts.png', fullPage: true });

  // A deep link to one plan opens it over its list.
  const plans = (await (await page.request.get('/api/plans/gigs?filter=' + encodeURIComponent(JSON.stringify({ q: 'Holiday Pass' })))).json()) as {
    id: string;
  }[];
  await page.goto(`/#/plans/gigs/${plans[0]!.id}`);
  const dialog = page.getByRole('dialog', { name: 'Holiday Pass 3GB' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('one-time, 30 days');
  await expect(dialog).toContainText('Active subscriptions');
  await page.screenshot({ path: 'test-results/plans-deep-link.png', fullPage: true });
  await dialog.getByRole('button', { name: 'Close' }).click();
  // Back on the list, with its filter and sort in the address (lists.spec.ts).
  await expect(page).toHaveURL(/#\/plans\/gigs(\?|$)/);

  // Nothing on these pages leads to customers.
  await expect(page.getByRole('menuitem', { name: 'Customers' })).toHaveCount(0);
});
