import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { loginAs } from './helpers/auth.ts';
import { seedIndex } from './helpers/customers-fixture.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { person } from '../server/sandbox/people.ts';

let server: TestServer;
let auditor: string;

const zoe = person(0); // Zoë Ångström
const lucas = person(1); // Lucas Sørensen
const zoeId = customerIdFor(emailKey(zoe.email));
const lucasId = customerIdFor(emailKey(lucas.email));
const filterQuery = (filter: object) => `filter=${encodeURIComponent(JSON.stringify(filter))}`;

async function entries(filter: object) {
  const res = await server.app.request(`/api/audit-events?${filterQuery(filter)}&range=${encodeURIComponent('[0,99]')}`, { headers: { cookie: auditor } });
  expect(res.status).toBe(200);
  return (await res.json()) as Array<{ seq: number; requestId: string; customerId: string | null; customerName: string | null }>;
}

beforeAll(async () => {
  server = await startTestServer();
  await seedIndex(server.deps.customers.writer, 20);
  auditor = await loginAs(server, 'auditor');
  const actor = { type: 'staff' as const, id: '900', email: 'agent@test.subdesk', role: 'support' };
  const a = server.deps.audit;
  await a.append({ requestId: 'people-zoe', actor, action: 'customer.view', outcome: 'succeeded', target: { type: 'customer', id: zoeId }, customerId: zoeId });
  await a.append({
    requestId: 'people-lucas',
    actor,
    action: 'customer.view',
    outcome: 'succeeded',
    target: { type: 'customer', id: lucasId },
    customerId: lucasId,
  });
  await a.append({
    requestId: 'people-gone',
    actor,
    action: 'customer.view',
    outcome: 'succeeded',
    target: { type: 'customer', id: 'cus_notindexedanymore' },
    customerId: 'cus_notindexedanymore',
  });
}, 120_000);
afterAll(async () => {
  await server?.close();
});

describe('the audit log finds a person by name or e-mail', () => {
  it('q finds the entries of a customer by name, forgiving accents and case, or by e-mail', async () => {
    for (const q of ['zoe angstrom', 'Ångström', zoe.email.toUpperCase(), 'zoe.angstrom0@']) {
      expect(
        (await entries({ q })).map((e) => e.requestId),
        q,
      ).toEqual(['people-zoe']);
    }
    expect((await entries({ q: 'sorensen' })).map((e) => e.requestId)).toContain('people-lucas');
    // The log's own identifiers still work, and other filters still narrow.
    expect((await entries({ q: 'people-lucas' })).map((e) => e.requestId)).toEqual(['people-lucas']);
    expect(await entries({ q: 'zoe angstrom', action: 'auth.logout' })).toEqual([]);
  });

  it('shows the customer name beside the id, in the list and on one entry', async () => {
    const [zoeEntry] = await entries({ requestId: 'people-zoe' });
    expect(zoeEntry).toMatchObject({ customerId: zoeId, customerName: zoe.fullName });
    const one = await server.app.request(`/api/audit-events/${zoeEntry!.seq}`, { headers: { cookie: auditor } });
    expect(await one.json()).toMatchObject({ customerId: zoeId, customerName: zoe.fullName });
    expect((await entries({ requestId: 'people-gone' }))[0]).toMatchObject({ customerId: 'cus_notindexedanymore', customerName: null });
  });

  it('exports what the list shows for the same q', async () => {
    const res = await server.app.request(`/api/audit-events/export?format=json&${filterQuery({ q: 'zoe angstrom' })}`, { headers: { cookie: auditor } });
    expect(res.status).toBe(200);
    const rows = JSON.parse(await res.text()) as { requestId: string }[];
    expect(rows.map((r) => r.requestId)).toEqual(['people-zoe']);
  });
});
