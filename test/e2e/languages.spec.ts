import { test, expect, type Page } from '@playwright/test';
import { signInAs } from './sign-in.ts';

/**
 * The SPA in another language: a staff member switches to French in the app bar, and the menu,
 * the lists, the customer page, its dates and amounts follow; the choice outlives a reload; and
 * switching back brings English back.
 */
test.use({ actionTimeout: 15_000, timezoneId: 'Europe/Paris', viewport: { width: 1366, height: 860 } });

type Row = { id: string; name: string | null; gigsLive: number };

/** A customer with a live Gigs subscription (a price on the Gigs tab), once the first crawl has indexed one. */
async function customerWithGigs(page: Page): Promise<Row> {
  let found: Row | undefined;
  await expect(async () => {
    const filter = encodeURIComponent(JSON.stringify({ hasActive: true, system: 'both' }));
    const res = await page.request.get(`/api/customers?filter=${filter}&range=[0,49]&sort=["name","ASC"]`);
    found = ((await res.json()) as Row[]).find((r) => r.gigsLive > 0 && r.name);
    expect(found).toBeDefined();
  }).toPass({ timeout: 45_000 });
  return found!;
}

async function chooseLanguage(page: Page, from: string, to: string) {
  await page.getByRole('button', { name: from }).click();
  await page.getByRole('menuitem', { name: to }).click();
}

test('a member works in French: menu, list, customer page, dates and amounts; it survives a reload; English comes back', async ({ page }) => {
  await signInAs(page, 'support');
  await chooseLanguage(page, 'English', 'Français');

  // The menu and the customers list (support's start page).
  await expect(page.getByRole('menuitem', { name: 'Clients' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Liens Connect' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Customers' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Clients' }).click();
  await expect(page.getByRole('textbox', { name: 'Rechercher des clients' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Téléphone' })).toBeVisible();
  await expect(page.getByText('Lignes par page :')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-FR');

  // The customer page: tabs, facts, an amount written the French way ("19,00 € / mois").
  const customer = await customerWithGigs(page);
  await page.goto(`/#/customers/${encodeURIComponent(customer.id)}/show`);
  await expect(page.getByRole('heading', { name: customer.name! })).toBeVisible();
  await expect(page.getByRole('tab', { name: /^Gigs · \d+ en cours$/ })).toBeVisible();
  await page.getByRole('tab', { name: /^Gigs/ }).click();
  const price = page.getByText('Prix', { exact: true }).first().locator('xpath=following-sibling::*[1]');
  await expect(price).toHaveText(/^\d+,\d{2}\u00a0(€|\$US|\w{3}) \/ \S/);
  await expect(page.getByRole('button', { name: /^Envoyer un lien/ }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/customer-fr.png' });

  // A date in French on the History tab: the view that opened the page, "5 déc. 2026, 15:31 UTC+1"
  // (a run of views by the same people is one line: "5 déc. 2026, 15:31 UTC+1 – 15:40").
  await page.getByRole('tab', { name: 'Historique' }).click();
  const history = page.getByRole('table', { name: 'Historique du client' });
  const view = history.getByRole('row').filter({ hasText: 'Consulté par support@demo.subdesk' }).first();
  await expect(view).toBeVisible();
  await expect(view.getByRole('cell').filter({ hasText: /^\d{1,2} [a-zéû]{3,5}\.? \d{4}, \d{2}:\d{2} \S+( – .+)?$/ })).toHaveCount(1);

  // The choice is kept: a reload comes back in French.
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Historique' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: 'Clients' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr-FR');

  // And back to English.
  await chooseLanguage(page, 'Français', 'English');
  await expect(page.getByRole('menuitem', { name: 'Customers' })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'History' })).toBeVisible();
  await page.getByRole('tab', { name: /^Gigs/ }).click();
  await expect(page.getByText('Price', { exact: true }).first().locator('xpath=following-sibling::*[1]')).toHaveText(
    /^(€|US\$|[A-Z]{3}\u00a0)?[\d,]+\.\d{2}( [A-Z]{3})? \/ \S/,
  );
});

test('the sign-in page offers the languages, and keeps the choice for the next session', async ({ page }) => {
  await page.goto('/#/login');
  await chooseLanguage(page, 'English', 'Français');
  await expect(page.getByRole('heading', { name: 'Connexion à subdesk' })).toBeVisible();
  await expect(page.getByLabel('Mot de passe')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
});
