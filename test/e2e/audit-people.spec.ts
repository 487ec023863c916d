import { test, expect } from '@playwright/test';
import { signInAs } from './sign-in.ts';
import { person } from '../../server/sandbox/people.ts';
import { customerIdFor, emailKey } from '../../server/customers/normalise.ts';

const ida = person(2); // Ida Smith: two people share the name, the e-mail tells them apart
const idaId = customerIdFor(emailKey(ida.email));

test('an auditor finds a person’s entries by name and e-mail, and their link never leads to Access denied', async ({ page, browser }) => {
  // Support opens the customer: a customer.view entry names her.
  const support = await browser.newPage();
  await signInAs(support, 'support');
  await expect.poll(async () => (await support.request.get(`/api/customers/${idaId}`)).status(), { timeout: 60_000 }).toBe(200);
  await support.close();

  await signInAs(page, 'auditor');
  await page.getByRole('menuitem', { name: 'Audit log' }).click();
  const q = page.getByPlaceholder(/Request, customer/);
  await q.fill(ida.email.toUpperCase());
  const row = page.getByRole('row').filter({ hasText: 'customer.view' }).first();
  await expect(row).toContainText(ida.fullName);
  await expect(row).toContainText(idaId);
  await page.screenshot({ path: 'test-results/audit-people.png', fullPage: true });

  // By name, as agents type it: every row found is one of the people of that name.
  await q.fill('ida smith');
  await expect(page.getByRole('row').filter({ hasText: idaId }).first()).toBeVisible();
  for (const cell of await page.getByRole('link', { name: /^Entries about / }).all()) await expect(cell).toHaveAccessibleName('Entries about Ida Smith');

  // The auditor may not open the customer page: the link shows her entries instead.
  await page
    .getByRole('link', { name: `Entries about ${ida.fullName}` })
    .first()
    .click();
  await expect(page).toHaveURL(/#\/audit-events\?/);
  expect(decodeURIComponent(page.url())).toContain(`"customerId":"${idaId}"`);
  await expect(page.getByText('Access denied')).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: 'customer.view' }).first()).toContainText(ida.fullName);
});
