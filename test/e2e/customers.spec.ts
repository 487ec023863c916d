import { test, expect } from '@playwright/test';
import { signInAs } from './sign-in.ts';
import { person } from '../../server/sandbox/people.ts';

// Someone in both systems, found by a partial phone number typed with a space in it.
const who = Array.from({ length: 320 }, (_, i) => person(i)).find((p) => p.index > 0 && p.inGigs && p.inCentra)!;
const tail = who.phone.slice(-6);
const partialPhone = `${tail.slice(0, 2)} ${tail.slice(2)}`;

test('support finds a customer by a partial phone number and sees both systems', async ({ page }) => {
  page.on('pageerror', (e) => console.log('PAGEERROR', e.message, e.stack?.slice(0, 500)));
  page.on('console', (m) => m.type() === 'error' && console.log('CONSOLE', m.text().slice(0, 500)));
  await signInAs(page, 'support');

  // `/` anywhere jumps to the search box.
  await page.keyboard.press('/');
  const search = page.getByRole('textbox', { name: 'Search customers' });
  await expect(search).toBeFocused();
  // Pressed again in the (empty, focused) box out of habit, `/` does not become part of the query.
  await page.keyboard.press('/');
  await expect(search).toHaveValue('');

  // The first crawl runs in the background after start: retry until the person is indexed.
  await expect(async () => {
    await search.fill('');
    await search.fill(partialPhone);
    await expect(page.getByRole('cell', { name: who.fullName, exact: true })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await page.screenshot({ path: 'test-results/customers-search.png', fullPage: true });

  await page.getByRole('cell', { name: who.fullName, exact: true }).click();
  await expect(page.getByRole('heading', { name: who.fullName })).toBeVisible();
  await expect(page.getByText(who.email).first()).toBeVisible();

  // Gigs tab (the default): the live subscriptions.
  await expect(page.getByRole('tab', { name: /^Gigs/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('article', { name: /^Gigs subscription / }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/customers-gigs-tab.png', fullPage: true });

  // Centra tab: the contracts.
  await page.getByRole('tab', { name: 'Centra' }).click();
  await expect(page.getByRole('article', { name: /^Centra contract / }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/customers-centra-tab.png', fullPage: true });

  // History tab: this very view was recorded.
  await page.getByRole('tab', { name: 'History' }).click();
  await expect(page.getByRole('cell', { name: 'Viewed by support@demo.subdesk' }).first()).toBeVisible();
});

test('an exact e-mail opens the customer straight away', async ({ page }) => {
  await signInAs(page, 'support');
  await page.goto('/#/customers');
  const search = page.getByRole('textbox', { name: 'Search customers' });
  await expect(async () => {
    await search.fill('');
    await search.fill(who.centraEmail.toUpperCase());
    await expect(page.getByRole('heading', { name: who.fullName })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  await expect(page).toHaveURL(/#\/customers\/cus_[a-z2-7]{20}\/show/);
});

test('the Gigs tab shows what the customer has now before what ended', async ({ page }) => {
  const zoe = person(0); // one ended subscription and one that is not (sandbox seed)
  await signInAs(page, 'support');
  await page.goto('/#/customers');
  const search = page.getByRole('textbox', { name: 'Search customers' });
  await expect(async () => {
    await search.fill('');
    await search.fill(zoe.email);
    await expect(page.getByRole('heading', { name: zoe.fullName })).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  const cards = page.getByRole('article', { name: /^Gigs subscription / });
  await expect(cards.first()).toBeVisible();
  const ended = [];
  for (let i = 0; i < (await cards.count()); i++) ended.push(/\(Ended [^)]+\)$/.test((await cards.nth(i).getAttribute('aria-label'))!));
  expect(ended).toContain(true);
  expect(ended).toContain(false);
  expect(ended).toEqual([...ended].sort((a, b) => Number(a) - Number(b)));
});
