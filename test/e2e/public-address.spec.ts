import { test, expect } from '@playwright/test';
import { DEMO_PASSWORD } from './playwright.config.ts';

test('the Status page says when staff use another address than PUBLIC_URL, whose links customers get', async ({ page, baseURL }) => {
  // PUBLIC_URL is 127.0.0.1 (playwright.config.ts); this agent types localhost.
  const elsewhere = baseURL!.replace('127.0.0.1', 'localhost');
  await page.goto(`${elsewhere}/#/login`);
  await page.getByLabel('E-mail').fill('admin@demo.subdesk');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const notice = page.getByRole('region', { name: 'Public address' });
  await expect(notice).toContainText(`Links for customers use PUBLIC_URL: ${baseURL}`);
  await expect(notice).toContainText(`Staff reach subdesk at ${elsewhere}`);
  await expect(notice).toContainText("a customer's phone cannot open it");
  await page.screenshot({ path: 'test-results/status-public-address.png', fullPage: true });
});
