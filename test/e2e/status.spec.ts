import { test, expect } from '@playwright/test';
import { signInAs } from './sign-in.ts';

test('the status page shows both upstreams up', async ({ page }) => {
  await signInAs(page, 'support');
  await page.goto('/#/status');
  await expect(page.getByRole('heading', { name: 'Status', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Gigs', exact: true }).getByText('Up')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Centra', exact: true }).getByText('Up')).toBeVisible();
  await page.screenshot({ path: 'test-results/status.png', fullPage: true });
});

test("an admin reads how each upstream is read: every list, the way Centra's contracts are listed, the rate budgets", async ({ page }) => {
  await signInAs(page, 'admin');
  await page.goto('/#/status');
  const lists = page.getByRole('region', { name: 'Lists' });
  for (const list of ['gigs.users', 'gigs.subscriptions', 'centra.customers', 'centra.contracts'])
    await expect(lists.getByRole('row', { name: new RegExp(list) })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Centra contracts' })).toContainText('Listed in bulk through the Integration API.');
  const budgets = page.getByRole('table', { name: 'Rate budgets per upstream' });
  await expect(budgets.getByRole('row', { name: /^Centra 3\/s 1\.5\/s/ })).toBeVisible();
  await expect(budgets.getByRole('row', { name: /^Gigs 25\/s 12\.5\/s/ })).toBeVisible();
  // Both change feeds: the sandbox's Centra has an Integration API with Events, read every 60 s.
  await expect(page.getByRole('region', { name: 'Gigs webhooks' }).getByText('On', { exact: true })).toBeVisible();
  const centraEvents = page.getByRole('region', { name: 'Centra events' });
  await expect(centraEvents.getByText('On', { exact: true })).toBeVisible();
  await expect(centraEvents).toContainText('Read every 60 s');
  await page.screenshot({ path: 'test-results/status-feeds.png', fullPage: true });
});

test('everyone finds the API reference, generated from the routes', async ({ page }) => {
  await signInAs(page, 'merchandiser');
  await page.getByRole('menuitem', { name: 'API' }).click();
  await expect(page.getByRole('heading', { name: 'subdesk API', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'GET /api/customers', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Parameters of GET /customers' })).toContainText('fields: id, name, email');
});
