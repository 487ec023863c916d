import { test, expect } from '@playwright/test';

test('the status page shows both upstreams up', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Status' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Gigs' }).getByText('Up')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Centra' }).getByText('Up')).toBeVisible();
  await page.screenshot({ path: 'test-results/status.png', fullPage: true });
});
