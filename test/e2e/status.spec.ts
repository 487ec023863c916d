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
