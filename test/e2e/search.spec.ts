import { test, expect, type Page } from '@playwright/test';
import { signInAs } from './sign-in.ts';
import { person } from '../../server/sandbox/people.ts';
import { customerIdFor, emailKey } from '../../server/customers/normalise.ts';

const anna = person(99); // Anna Johansson: the only one of her phone number, one of several "anna jo"
const lucas = person(1);
const lucasId = customerIdFor(emailKey(lucas.email));
const annaId = customerIdFor(emailKey(anna.email));

/** The first crawl runs in the background after start: waits until the index finds `q`. */
async function waitForIndex(page: Page, q: string) {
  await expect
    .poll(async () => ((await (await page.request.get(`/api/customers?filter=${encodeURIComponent(JSON.stringify({ q }))}`)).json()) as unknown[]).length, {
      timeout: 60_000,
    })
    .toBeGreaterThan(0);
}

const searchBox = (page: Page) => page.getByRole('textbox', { name: 'Search customers' });

test('the next search never reopens the last customer', async ({ page }) => {
  await signInAs(page, 'support');
  await waitForIndex(page, lucas.email);

  await page.goto('/#/customers');
  await searchBox(page).fill(lucas.email);
  await expect(page.getByRole('heading', { name: lucas.fullName })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/customers/${lucasId}/show`));
  const views = async () =>
    (
      (await (
        await page.request.get(`/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ customerId: lucasId, action: 'customer.view' }))}`)
      ).json()) as unknown[]
    ).length;
  const viewsAfterOpening = await views();
  expect(viewsAfterOpening).toBeGreaterThan(0);

  // From here on, nothing may ask for Lucas again.
  const lucasReads: string[] = [];
  page.on('request', (r) => r.url().includes(`/api/customers/${lucasId}`) && lucasReads.push(r.url()));

  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await page.keyboard.type('anna jo');
  await expect(page.getByRole('cell', { name: 'Anna Jones' })).toBeVisible();
  await expect(page.getByRole('cell', { name: anna.fullName })).toBeVisible();
  // Long enough for any stale answer to have acted.
  await page.waitForTimeout(1500);
  await expect(page).toHaveURL(/#\/customers$/);
  expect(lucasReads).toEqual([]);
  expect(await views()).toBe(viewsAfterOpening);

  // A result of the query on screen, clicked while the next query is still being typed, stays open.
  await searchBox(page).fill('lucas');
  await page.getByRole('link', { name: 'Anna Jones' }).click();
  await expect(page.getByRole('heading', { name: 'Anna Jones' })).toBeVisible();
  await page.waitForTimeout(1000);
  await expect(page.getByRole('heading', { name: 'Anna Jones' })).toBeVisible();
  await expect(page).toHaveURL(/#\/customers\/cus_[a-z2-7]{20}\/show/);
  await page.goBack();
  await searchBox(page).fill('anna jo');

  // Back on the results from another customer's page does not bounce into anyone either.
  await page.getByRole('link', { name: anna.fullName }).click();
  await expect(page.getByRole('heading', { name: anna.fullName })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('link', { name: 'Anna Jones' })).toBeVisible();
  await page.waitForTimeout(1000);
  await expect(page).toHaveURL(/#\/customers$/);
});

test('search from the keyboard on any page: arrows, Enter, links; a phone number waits for Enter', async ({ page }) => {
  await signInAs(page, 'support');
  await waitForIndex(page, anna.phone);

  // The box is in the app bar of every page, and `/` focuses it there at once.
  await page.goto('/#/plans');
  await expect(page.getByRole('tab', { name: 'Gigs plans' })).toBeVisible();
  await page.keyboard.press('/');
  await expect(searchBox(page)).toBeFocused();
  await expect(page).toHaveURL(/#\/plans/);

  // A query asked from another page brings the results; the arrow keys move through them.
  await page.keyboard.type('anna jo');
  const first = page.getByRole('link', { name: anna.fullName });
  const second = page.getByRole('link', { name: 'Anna Jones' });
  await expect(second).toBeVisible();
  await expect(page).toHaveURL(/#\/customers$/);
  await page.keyboard.press('ArrowDown');
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(second).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(first).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(searchBox(page)).toBeFocused();
  // Rows are links, reachable by Tab as well.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await expect(second).toBeFocused();
  // Enter opens the highlighted one.
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Anna Jones' })).toBeVisible();

  // A full phone number lists its customer and stays there while the agent reaches for the row…
  await page.keyboard.press('/');
  await page.keyboard.type(anna.phone);
  await expect(first).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: '1 customer found' })).toBeAttached();
  await page.waitForTimeout(3000);
  await expect(page).toHaveURL(/#\/customers$/);
  // …and Enter opens the only result.
  await searchBox(page).press('Enter');
  await expect(page.getByRole('heading', { name: anna.fullName })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/customers/${annaId}/show`));
});
