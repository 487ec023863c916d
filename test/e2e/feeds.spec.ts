import { test, expect, type APIRequestContext } from '@playwright/test';
import { signInAs } from './sign-in.ts';

/**
 * The Gigs change feed as an agent sees it: a customer changes plan on the hosted Connect page
 * while the agent has the customer's search results open; the sandbox delivers the webhooks,
 * subdesk applies them, and the new plan's phone number finds the customer by search, with no
 * crawl in between. The status page shows the feed.
 */
type Customer = { id: string; email: string; name: string; phones?: string[] };
type Sub = { id: string; status: string; phoneNumber?: string | null; plan?: { id: string; name: string } | null; offeredActions: string[] };

/** A customer whose live subscription is on the data-only Europe plan (no phone number yet). */
async function dataOnlyCustomer(api: APIRequestContext): Promise<{ customer: Customer; sub: Sub }> {
  let found: { customer: Customer; sub: Sub } | undefined;
  await expect(async () => {
    const filter = encodeURIComponent(JSON.stringify({ system: 'gigs', hasActive: true }));
    const customers = (await (await api.get(`/api/customers?filter=${filter}&range=${encodeURIComponent('[0,199]')}`)).json()) as Customer[];
    for (const c of customers) {
      if (!c.name || !c.email) continue;
      const subs = (await (await api.get(`/api/gigs-subscriptions?filter=${encodeURIComponent(JSON.stringify({ customerId: c.id }))}`)).json()) as Sub[];
      const sub = subs.find((s) => s.status === 'active' && s.plan?.name === 'Europe Data 10GB' && s.offeredActions.includes('changeSubscription'));
      // Only one person by this name: the search shows a list, not a single hit that opens the page.
      const sameName = (await (
        await api.get(`/api/customers?filter=${encodeURIComponent(JSON.stringify({ q: c.name }))}&range=${encodeURIComponent('[0,9]')}`)
      ).json()) as Customer[];
      if (sub && sameName.length > 1) {
        found = { customer: c, sub };
        return;
      }
    }
    throw new Error('no customer on the data-only Europe plan yet');
  }).toPass({ timeout: 90_000 });
  return found!;
}

const lastCrawlId = async (api: APIRequestContext) =>
  ((await (await api.get('/api/status')).json()) as { crawl: { last: { id: number } | null } }).crawl.last?.id ?? 0;

test('a plan change made in Connect is found by search without a crawl', async ({ page, browser }) => {
  await signInAs(page, 'support');
  const { customer, sub } = await dataOnlyCustomer(page.request);
  const crawlBefore = await lastCrawlId(page.request);

  // The agent has the customer's results open.
  await page.goto('/#/customers');
  const search = page.getByRole('textbox', { name: 'Search customers' });
  await search.fill(customer.name);
  const row = page.getByRole('row').filter({ hasText: customer.email });
  await expect(row).toBeVisible({ timeout: 15_000 });

  // The agent makes a change-plan link; the customer completes it on the hosted page, elsewhere.
  const res = await page.request.post('/api/connect-sessions', {
    data: { customerId: customer.id, clientRequestId: crypto.randomUUID(), intent: { type: 'changeSubscription', subscription: sub.id } },
  });
  expect(res.status()).toBe(201);
  const { url } = (await res.json()) as { url: string };
  const customerSide = await browser.newContext();
  const hosted = await customerSide.newPage();
  await hosted.goto(url);
  const newPlan = hosted.getByRole('combobox', { name: 'New plan' });
  const talk = await newPlan.locator('option', { hasText: 'Europe Talk & Text 20GB' }).getAttribute('value');
  await newPlan.selectOption(talk!);
  await hosted.getByRole('button', { name: 'Complete' }).click();
  await expect(hosted.getByRole('heading', { name: 'All done, thank you!' })).toBeVisible();
  await customerSide.close();

  // The new plan brought a phone number: typed into the agent's search box, it finds the customer.
  let phone = '';
  await expect(async () => {
    const subs = (await (
      await page.request.get(`/api/gigs-subscriptions?filter=${encodeURIComponent(JSON.stringify({ customerId: customer.id }))}`)
    ).json()) as Sub[];
    const changed = subs.find((s) => s.id === sub.id)!;
    expect(changed.plan?.name).toBe('Europe Talk & Text 20GB');
    phone = changed.phoneNumber ?? '';
    expect(phone).toMatch(/^\+46/);
  }).toPass({ timeout: 10_000 });
  await search.fill(phone);
  // A number only this customer has: one hit, which Enter opens (a phone number waits for Enter:
  // it may be a shared line typed digit by digit); their page lists it with the new plan.
  await search.press('Enter');
  await expect(page.getByRole('heading', { name: customer.name })).toBeVisible({ timeout: 5_000 });
  const card = page.getByRole('article', { name: `Gigs subscription ${sub.id}` });
  await expect(card.getByRole('heading', { name: 'Europe Talk & Text 20GB' })).toBeVisible();
  await page.screenshot({ path: 'test-results/feeds-found-by-new-number.png', fullPage: true });
  expect(await lastCrawlId(page.request)).toBe(crawlBefore);

  // The status page shows the feed: on, deliveries received and applied, nothing waiting.
  await page.goto('/#/status');
  const feed = page.getByRole('region', { name: 'Gigs webhooks' });
  await expect(feed.getByText('On', { exact: true })).toBeVisible();
  await expect(feed.getByText(/Last received: .*subscription\.updated|Last received: .*connectSession\.updated/)).toBeVisible();
  await expect(feed.getByText('Backlog 0')).toBeVisible();
  await expect(feed.getByText('Refused in the last hour (bad or missing signature): 0')).toBeVisible();
  await page.screenshot({ path: 'test-results/feeds-status.png', fullPage: true });
});
