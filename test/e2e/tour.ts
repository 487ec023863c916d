import { chromium, type Page } from '@playwright/test';
import { startProduct } from '../../bench/lib/product.ts';
import { fileURLToPath } from 'node:url';

/**
 * Regenerates the README's screenshots: `npx vite build && node --import tsx test/e2e/tour.ts`.
 * Starts the product as `npm start` does (sandbox mode) and walks through each role's main page,
 * on TOUR_PORT (3931 unless set: engineers working side by side each use their own).
 */
const out = (name: string) => fileURLToPath(new URL(`./screenshots/${name}.png`, import.meta.url));

async function signIn(page: Page, base: string, role: string, password: string) {
  await page.goto(`${base}/#/login`);
  await page.getByLabel('E-mail').fill(`${role}@demo.subdesk`);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('menuitem', { name: 'Status' }).waitFor();
}

const product = await startProduct({ port: Number(process.env.TOUR_PORT ?? 3931), env: { SYNC_INTERVAL_SECONDS: '0' }, waitForCrawl: true });
const { BENCH_DEMO_PASSWORD } = await import('../../bench/lib/product.ts');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 } });
  const base = product.url;
  await page.goto(`${base}/#/login`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await page.screenshot({ path: out('login') });

  await signIn(page, base, 'support', BENCH_DEMO_PASSWORD);
  await page.goto(`${base}/#/status`);
  await page.waitForTimeout(1000);
  await page.screenshot({ path: out('status') });
  // The search box is in the app bar of every page; `/` focuses it.
  await page.keyboard.press('/');
  const search = page.getByRole('textbox', { name: 'Search customers' });
  await search.fill('ang');
  await page.waitForTimeout(1200);
  await page.screenshot({ path: out('search') });
  await search.fill('zoe angstrom');
  await page.getByRole('row').filter({ hasText: 'Zoë Ångström' }).first().click();
  await page.getByRole('tab', { name: 'Gigs' }).waitFor();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out('customer-gigs') });
  await page.getByRole('region', { name: 'Gigs actions' }).getByRole('button', { name: 'Send new-subscription link' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radiogroup', { name: 'Plan' }).getByRole('radio').first().check();
  await dialog.getByRole('button', { name: 'Create link' }).click();
  await dialog.getByRole('heading', { name: 'Connect link ready' }).waitFor();
  await page.waitForTimeout(500);
  await page.screenshot({ path: out('connect-link') });
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('tab', { name: /^Centra/ }).click();
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out('customer-centra') });
  // A pause with its reason and a note, so that the timeline shows what a day at the desk leaves.
  await page
    .getByRole('button', { name: /^Pause subscription \d+$/ })
    .first()
    .click();
  await page.getByRole('dialog').getByRole('combobox', { name: 'Reason' }).click();
  await page.getByRole('option', { name: 'Moving abroad' }).click();
  await page.getByRole('dialog').getByLabel('Details (optional)').fill('to Norway in May');
  await page.getByRole('dialog').getByRole('button', { name: 'Pause subscription' }).click();
  await page.getByRole('dialog').waitFor({ state: 'hidden' });
  await page.getByRole('tab', { name: 'History' }).click();
  await page.getByRole('textbox', { name: 'Note' }).fill('Moving to Norway in May: asked to pause the espresso until she has an address there.');
  await page.getByRole('button', { name: 'Add note' }).click();
  await page.getByText('Note saved.').waitFor();
  await page.getByText('Note saved.').waitFor({ state: 'hidden', timeout: 15_000 });
  await page.getByRole('row').filter({ hasText: 'Paused ' }).first().click();
  await page.waitForTimeout(1000);
  await page.screenshot({ path: out('customer-history') });

  const merch = await browser.newPage({ viewport: { width: 1366, height: 860 } });
  await signIn(merch, base, 'merchandiser', BENCH_DEMO_PASSWORD);
  await merch.goto(`${base}/#/plans/charts`);
  await merch.waitForTimeout(2000);
  await merch.screenshot({ path: out('plans-charts'), fullPage: true });
  await merch.goto(`${base}/#/plans/centra`);
  await merch.waitForTimeout(1500);
  await merch.screenshot({ path: out('plans-centra'), fullPage: true });

  const auditor = await browser.newPage({ viewport: { width: 1366, height: 860 } });
  await signIn(auditor, base, 'auditor', BENCH_DEMO_PASSWORD);
  await auditor.goto(`${base}/#/audit-events`);
  await auditor.waitForTimeout(2000);
  await auditor.screenshot({ path: out('audit-log') });
} finally {
  await browser.close();
  await product.stop();
}
