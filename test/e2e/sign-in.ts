import { expect, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './playwright.config.ts';

export type DemoRole = 'support' | 'merchandiser' | 'auditor' | 'admin';

/** Signs in through the login page as the sandbox's demo account of `role`, and waits for the menu. */
export async function signInAs(page: Page, role: DemoRole) {
  await page.goto('/#/login');
  await page.getByLabel('E-mail').fill(`${role}@demo.subdesk`);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('menuitem', { name: 'Status' })).toBeVisible();
}
