import { test, expect, request as playwrightRequest } from '@playwright/test';
import { signInAs } from './sign-in.ts';
import { DEMO_PASSWORD } from './playwright.config.ts';

/**
 * A session that ended meanwhile (an admin ended it, an idle timeout, a sign-out in another tab)
 * sends the agent to the sign-in page from any screen: the Centra dialogs read and write through
 * react-admin's data layer, so their 401 reaches authProvider.checkError like every list's.
 */
test('a Centra dialog met by an ended session leads to the sign-in page', async ({ page, baseURL }) => {
  await signInAs(page, 'support');
  // A customer with a contract that still has something live (other specs cancel some), through the API.
  let target: { customer: string; contract: number } | undefined;
  await expect(async () => {
    const filter = encodeURIComponent(JSON.stringify({ system: 'centra', hasActive: true }));
    const rows = (await (await page.request.get(`/api/customers?filter=${filter}&range=${encodeURIComponent('[0,20]')}`)).json()) as { id: string }[];
    for (const r of rows.reverse()) {
      const contracts = (await (await page.request.get(`/api/centra-contracts?filter=${encodeURIComponent(JSON.stringify({ customerId: r.id }))}`)).json()) as { id: number; liveSubscriptions: number }[];
      const k = contracts.find((x) => x.liveSubscriptions > 0);
      if (k) {
        target = { customer: r.id, contract: k.id };
        return;
      }
    }
    throw new Error('no live contract indexed yet');
  }).toPass({ timeout: 30_000 });
  await page.goto(`/#/customers/${target!.customer}/show/centra`);
  await page.getByRole('button', { name: `Edit address of contract ${target!.contract}` }).click();
  const dialog = page.getByRole('dialog', { name: /Edit shipping address of contract/ });
  await dialog.getByLabel('City').fill('Uppsala');

  // Meanwhile an admin ends the agent's sessions.
  const admin = await playwrightRequest.newContext({ baseURL });
  expect((await admin.post('/api/auth/login', { data: { email: 'admin@demo.subdesk', password: DEMO_PASSWORD } })).ok()).toBe(true);
  const staff = (await (await admin.get(`/api/staff?filter=${encodeURIComponent(JSON.stringify({ q: 'support@demo.subdesk' }))}`)).json()) as { id: number; email: string }[];
  const support = staff.find((s) => s.email === 'support@demo.subdesk')!;
  expect((await admin.post(`/api/staff/${support.id}/end-sessions`, { data: {} })).ok()).toBe(true);
  await admin.dispose();

  await dialog.getByRole('button', { name: 'Save address' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'E-mail' })).toBeVisible();
});
