import { test, expect, type Page } from '@playwright/test';
import { en } from '../../admin/i18n/en/index.ts';
import { fr } from '../../admin/i18n/fr/index.ts';
import { flatten } from '../../admin/i18n/messages.ts';
import { signInAs } from './sign-in.ts';

/**
 * Each screen's words come with its chunk (admin/lazyView.tsx): a cold load of any screen, the
 * page fresh from the server with none of its words loaded yet, shows words and never a message
 * key, in English and in French.
 */
test.use({ actionTimeout: 15_000, viewport: { width: 1366, height: 860 } });

const LANGUAGE = { en: { name: 'English', words: flatten(en) }, fr: { name: 'Français', words: flatten(fr) } };
const KEYS = Object.keys(LANGUAGE.en.words);

type Ids = { customer: string; auditEntry: string; staff: string };

/** Each screen, the address that opens it, and one of its own words it shows once it is there. */
const SCREENS: { screen: string; path: (ids: Ids) => string; shows: string }[] = [
  { screen: 'customers', path: () => '/#/customers', shows: 'customerList.phone' },
  { screen: 'customer', path: (ids) => `/#/customers/${encodeURIComponent(ids.customer)}/show`, shows: 'customer.historyTab' },
  { screen: 'connect-links', path: () => '/#/connect-sessions', shows: 'connectLinks.agentEmail' },
  { screen: 'plans', path: () => '/#/plans', shows: 'plans.tabs.charts' },
  { screen: 'plans-charts', path: () => '/#/plans/charts', shows: 'charts.weekly' },
  { screen: 'audit-log', path: () => '/#/audit-events', shows: 'audit.title' },
  { screen: 'audit-entry', path: (ids) => `/#/audit-events/${ids.auditEntry}/show`, shows: 'audit.show.who' },
  { screen: 'staff', path: () => '/#/staff', shows: 'staff.title' },
  { screen: 'staff-create', path: () => '/#/staff/create', shows: 'staff.newTitle' },
  { screen: 'staff-edit', path: (ids) => `/#/staff/${ids.staff}`, shows: 'staff.editTitle' },
  { screen: 'status', path: () => '/#/status', shows: 'status.up' },
  { screen: 'api-reference', path: () => '/#/api-reference', shows: 'apiReference.machineReadable' },
  { screen: 'change-password', path: () => '/#/change-password', shows: 'password.heading' },
  { screen: 'sign-in-methods', path: () => '/#/security', shows: 'security.title' },
];

async function idsOf(page: Page): Promise<Ids> {
  const first = async (resource: string) => {
    const res = await page.request.get(`/api/${resource}?range=[0,0]`);
    expect(res.ok()).toBe(true);
    const [row] = (await res.json()) as { id: string | number }[];
    expect(row).toBeDefined();
    return String(row!.id);
  };
  let customer = '';
  await expect(async () => {
    customer = await first('customers'); // once the first crawl has indexed someone
  }).toPass({ timeout: 45_000 });
  return { customer, auditEntry: await first('audit-events'), staff: await first('staff') };
}

/** The message keys anywhere on the page: in its text, its title, or a label a screen reader reads. */
async function keysShown(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const attributes = ['aria-label', 'title', 'placeholder', 'alt'];
    const labels = [...document.querySelectorAll(attributes.map((a) => `[${a}]`).join(','))].flatMap((el) => attributes.map((a) => el.getAttribute(a) ?? ''));
    return [document.title, document.body.innerText, ...labels].join('\n');
  });
  return KEYS.filter((key) => new RegExp(`(^|[^\\w.])${key.replaceAll('.', '\\.')}($|[^\\w.])`).test(text));
}

/** A message's words as a screen shows them: up to its first placeholder. */
const visiblePartOf = (message: string) => message.split('%{')[0]!.split('||||')[0]!.trim();

for (const locale of ['en', 'fr'] as const) {
  test(`a cold load of every screen shows its words in ${LANGUAGE[locale].name}, never a key`, async ({ page }) => {
    test.setTimeout(240_000);
    await signInAs(page, 'admin');
    if (locale !== 'en') {
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('menuitem', { name: LANGUAGE[locale].name }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', /^fr/);
    }
    const ids = await idsOf(page);
    const words = LANGUAGE[locale].words;
    for (const { screen, path, shows } of SCREENS) {
      await page.goto('about:blank'); // a new document: nothing of the SPA loaded yet
      await page.goto(path(ids));
      await expect(page.getByText(visiblePartOf(words[shows]!)).first(), `${screen} shows ${shows}`).toBeVisible();
      await page.waitForLoadState('networkidle');
      expect(await keysShown(page), `keys on ${screen}`).toEqual([]);
      if (locale === 'fr' && (screen === 'customer' || screen === 'audit-log')) await page.screenshot({ path: `test-results/words-fr-${screen}.png` });
    }
  });
}
