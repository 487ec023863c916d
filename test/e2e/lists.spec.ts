import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { signInAs } from './sign-in.ts';
import { person } from '../../server/sandbox/people.ts';
import { customerIdFor, emailKey } from '../../server/customers/normalise.ts';

test('Connect links export every row (the data provider pages what the API gives 500 at a time)', async ({ page }) => {
  await signInAs(page, 'support');
  const lucasId = customerIdFor(emailKey(person(1).email));
  await expect.poll(async () => (await page.request.get(`/api/customers/${lucasId}`)).status(), { timeout: 60_000 }).toBe(200);
  const made: string[] = [];
  for (let i = 0; i < 2; i++) {
    const res = await page.request.post('/api/connect-sessions', {
      data: { customerId: lucasId, clientRequestId: randomUUID(), intent: { type: 'updatePaymentMethod' } },
    });
    expect(res.status()).toBe(201);
    made.push(((await res.json()) as { id: string }).id);
  }
  await page.getByRole('menuitem', { name: 'Connect links' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Update payment method' }).first()).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export' }).click()]);
  const csv = readFileSync((await download.path())!, 'utf8');
  for (const id of made) expect(csv).toContain(id);
  // Never the link itself.
  expect(csv).not.toMatch(/https?:\/\//);
});

test('Plans keep their filter and sort in the URL, across a plan’s own page and a reload', async ({ page }) => {
  await signInAs(page, 'merchandiser');
  await expect(page).toHaveURL(/#\/plans$/); // a merchandiser starts on the plans
  await page.getByPlaceholder('Plan name or id').fill('europe');
  await page.getByRole('button', { name: 'Active' }).click();
  await expect(page.getByRole('row').filter({ hasText: 'Essentials 5GB' })).toHaveCount(0);
  await expect.poll(() => decodeURIComponent(page.url())).toContain('"q":"europe"');
  expect(page.url()).toContain('sort=active');

  // Another browser opening the same address sees the same list.
  const shared = page.url();
  const other = await page.context().newPage();
  await other.goto(shared);
  await expect(other.getByRole('row').filter({ hasText: 'Europe Data 10GB' })).toBeVisible();
  await expect(other.getByRole('row').filter({ hasText: 'Essentials 5GB' })).toHaveCount(0);
  await expect(other.getByPlaceholder('Plan name or id')).toHaveValue('europe');
  await other.close();

  // A plan's page and back: the list is as it was, and so is its address.
  await page.getByRole('row').filter({ hasText: 'Europe Data 10GB' }).click();
  await expect(page.getByRole('dialog', { name: 'Europe Data 10GB' })).toBeVisible();
  await page.getByRole('button', { name: 'Close' }).click();
  expect(decodeURIComponent(page.url())).toContain('"q":"europe"');
  await expect(page.getByRole('row').filter({ hasText: 'Essentials 5GB' })).toHaveCount(0);
});

test('each role starts on its own work', async ({ browser }) => {
  const starts = { support: /#\/customers$/, merchandiser: /#\/plans$/, auditor: /#\/audit-events$/, admin: /#\/$/ } as const;
  for (const [role, start] of Object.entries(starts)) {
    const page = await browser.newPage();
    await signInAs(page, role as keyof typeof starts);
    await expect(page, role).toHaveURL(start);
    if (role === 'support') await expect(page.getByRole('textbox', { name: 'Search customers' })).toBeFocused();
    if (role === 'admin') await expect(page.getByRole('heading', { name: 'Status', level: 1 })).toBeVisible();
    await page.close();
  }
});
