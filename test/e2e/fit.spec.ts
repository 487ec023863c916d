import { test, expect, type Browser, type Page } from '@playwright/test';
import { DEMO_PASSWORD } from './playwright.config.ts';
import { person } from '../../server/sandbox/people.ts';
import { customerIdFor, emailKey } from '../../server/customers/normalise.ts';

const anna = customerIdFor(emailKey(person(99).email));

/**
 * Every list, and the customer page with each of its tabs (an admin sees them all), with a text
 * that says it has loaded. Connect links may have none yet when this spec runs first: its empty
 * page must fit too.
 */
const PAGES = [
  ['customers', '/customers', 'Anna Johansson'],
  ['customer-gigs', `/customers/${anna}/show`, 'Europe Data 10GB'],
  ['customer-centra', `/customers/${anna}/show/centra`, 'Centra contract'],
  ['customer-history', `/customers/${anna}/show/history`, 'Viewed by'],
  ['connect-links', '/connect-sessions', /Agent e-mail|No Connect links yet/],
  ['plans-gigs', '/plans/gigs', 'Essentials 5GB'],
  ['plans-addons', '/plans/gigs-addons', '1GB Data Top-up'],
  ['plans-centra', '/plans/centra', 'Espresso Beans'],
  ['plans-charts', '/plans/charts', 'New and cancelled subscriptions per week'],
  ['audit-log', '/audit-events', 'auth.login.succeeded'],
  ['staff', '/staff', 'auditor@demo.subdesk'],
  ['status', '/status', 'Customer index'],
] as const;

const SIZES = [
  { name: 'laptop', width: 1366, height: 860 },
  { name: 'phone', width: 390, height: 844 },
] as const;

async function adminPage(browser: Browser, size: (typeof SIZES)[number], colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: size.width, height: size.height }, colorScheme });
  await page.goto('/#/login');
  await page.getByLabel('E-mail').fill('admin@demo.subdesk');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Profile' })).toBeVisible();
  // The customer page needs the first crawl to have indexed her.
  await expect.poll(async () => (await page.request.get(`/api/customers/${anna}`)).status(), { timeout: 60_000 }).toBe(200);
  return page;
}

/** Nothing wider than the window: the page never scrolls sideways. */
async function expectFits(page: Page, width: number, what: string) {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(300); // charts and chips settle their sizes
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${what} at ${width} px`).toBe(width);
}

for (const size of SIZES) {
  test(`every list and the customer page fit a ${size.width} px window`, async ({ browser }) => {
    const page = await adminPage(browser, size, 'light');
    for (const [name, path, loaded] of PAGES) {
      await page.goto(`/#${path}`);
      await expect(page.getByText(loaded).first()).toBeVisible();
      await expectFits(page, size.width, name);
      await page.screenshot({ path: `test-results/fit-${size.name}-${name}.png`, fullPage: true });
    }
    if (size.name === 'phone') {
      // Lists are one column on a phone, and a dialog takes the whole screen.
      await page.goto('/#/staff');
      await expect(page.getByRole('table')).toHaveCount(0);
      await expect(page.getByRole('link', { name: /admin@demo\.subdesk/ })).toBeVisible();
      const plans = (await (await page.request.get('/api/plans/gigs')).json()) as { id: string; name: string }[];
      await page.goto(`/#/plans/gigs/${plans[0]!.id}`);
      const dialog = page.getByRole('dialog', { name: plans[0]!.name });
      await expect(dialog).toBeVisible();
      const box = (await dialog.boundingBox())!;
      expect(box.width).toBe(size.width);
      await expectFits(page, size.width, 'plan dialog');
    }
    await page.close();
  });
}

test('dark mode: the sign-in page is dark, and the lists fit', async ({ browser }) => {
  // Twelve pages at two sizes, each waited for until the network is idle: more than the default minute on a busy machine.
  test.setTimeout(180_000);
  const signIn = await browser.newPage({ colorScheme: 'dark' });
  await signIn.goto('/#/login');
  await expect(signIn.getByRole('heading', { name: 'Sign in to subdesk' })).toBeVisible();
  const background = await signIn.getByRole('main').evaluate((el) => getComputedStyle(el).backgroundColor);
  const [r, g, b] = background.match(/\d+/g)!.map(Number);
  expect(0.2126 * r! + 0.7152 * g! + 0.0722 * b!, `sign-in background ${background}`).toBeLessThan(80);
  await signIn.screenshot({ path: 'test-results/fit-dark-sign-in.png' });
  await signIn.close();

  for (const size of SIZES) {
    const page = await adminPage(browser, size, 'dark');
    for (const [name, path, loaded] of PAGES) {
      await page.goto(`/#${path}`);
      await expect(page.getByText(loaded).first()).toBeVisible();
      await expectFits(page, size.width, `${name} (dark)`);
      await page.screenshot({ path: `test-results/fit-dark-${size.name}-${name}.png`, fullPage: true });
    }
    await page.close();
  }
});
