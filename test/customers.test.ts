import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { loginAs } from './helpers/auth.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { person } from '../server/sandbox/people.ts';
import { refreshCustomer } from '../server/customers/live/refresh.ts';
import { rowsOf } from './helpers/engines.ts';

let server: TestServer;
let support: string;
const zoe = person(0);
const zoeId = customerIdFor(emailKey(zoe.email));

const get = (path: string, cookie: string) => server.app.request(path, { headers: { cookie } });
const q = (filter: object) => `/api/customers?filter=${encodeURIComponent(JSON.stringify(filter))}&range=${encodeURIComponent('[0,24]')}`;

async function fault(system: 'gigs' | 'centra', body: object | null) {
  const url = `${server.url}/sandbox/${system}/_sandbox/faults`;
  const c = server.sandbox!.credentials;
  const auth: Record<string, string> = system === 'gigs' ? { authorization: `Bearer ${c.gigsApiKey}` } : { 'api-authorization': c.centraApiKey };
  const res = await fetch(
    url,
    body ? { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) } : { method: 'DELETE', headers: auth },
  );
  expect(res.ok).toBe(true);
}

beforeAll(async () => {
  server = await startTestServer();
  support = await loginAs(server, 'support');
  // The first crawl started with the server (in the background): wait for it.
  await server.deps.customers.crawler.run('full');
});
afterAll(async () => {
  await server?.close();
});

describe('GET /api/customers', () => {
  it('is for support and admin only', async () => {
    expect((await get(q({ q: 'zoe' }), await loginAs(server, 'merchandiser'))).status).toBe(403);
    expect((await get(q({ q: 'zoe' }), await loginAs(server, 'auditor'))).status).toBe(403);
    expect((await server.app.request(q({ q: 'zoe' }))).status).toBe(401);
    expect((await get(q({ q: 'zoe' }), await loginAs(server, 'admin'))).status).toBe(200);
  });

  it('finds the crawled sandbox people by name without accents, with a Content-Range total', async () => {
    const res = await get(q({ q: 'zoe angstrom' }), support);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-range')).toMatch(/^customers 0-\d+\/\d+$/);
    const rows = (await res.json()) as { id: string; name: string; systems: string[] }[];
    expect(rows[0]).toMatchObject({ id: zoeId, name: 'Zoë Ångström', systems: ['gigs', 'centra'] });
  });

  it('finds a person by a partial phone number in another format', async () => {
    const p = person(42);
    const tail = p.phone.slice(-7);
    const rows = (await (await get(q({ q: `${tail.slice(0, 3)} ${tail.slice(3)}` }), support)).json()) as { id: string }[];
    expect(rows.map((r) => r.id)).toContain(customerIdFor(emailKey(p.email)));
  });

  it('merges one person known to both systems under different e-mail case', async () => {
    const p = Array.from({ length: 320 }, (_, i) => person(i)).find((x) => x.inGigs && x.inCentra && x.centraEmail !== x.email)!;
    const rows = (await (await get(q({ q: p.centraEmail }), support)).json()) as { id: string; systems: string[]; exact: boolean }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: customerIdFor(emailKey(p.email)), systems: ['gigs', 'centra'], exact: true });
  });

  it('refuses an unknown filter field and a bad system', async () => {
    expect((await get(q({ nope: 1 }), support)).status).toBe(400);
    expect((await get(q({ system: 'sap' }), support)).status).toBe(400);
  });
});

describe('GET /api/customers/:id', () => {
  it('answers both systems live and records customer.view', async () => {
    const res = await get(`/api/customers/${zoeId}`, support);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      id: string;
      gigs: { user: { email: string }; subscriptions: unknown[] };
      centra: { customer: { email: string }; contracts: unknown[] };
    };
    expect(body.id).toBe(zoeId);
    expect(body.centra.customer.email.toLowerCase()).toBe(zoe.email);
    expect(body.centra.contracts.length).toBeGreaterThan(0);
    expect(body.gigs.user.email).toBe(zoe.email);
    expect(body.gigs.subscriptions.length).toBeGreaterThan(0);
    const views = await rowsOf<{ target_type: string; target_id: string; actor_role: string; outcome: string }>(
      server.deps,
      `SELECT * FROM audit_events WHERE action = 'customer.view' AND customer_id = $1 ORDER BY seq`,
      [zoeId],
    );
    expect(views.at(-1)).toMatchObject({ target_type: 'customer', target_id: zoeId, actor_role: 'support', outcome: 'succeeded' });
  });

  it('records one customer.view per visit: the page and its Gigs tab make one entry, another staff member their own', async () => {
    const p = person(11);
    const id = customerIdFor(emailKey(p.email));
    const views = () =>
      rowsOf(server.deps, `SELECT actor_email FROM audit_events WHERE action = 'customer.view' AND customer_id = $1 AND target_type = 'customer'`, [id]);
    const tab = `/api/gigs-subscriptions?filter=${encodeURIComponent(JSON.stringify({ customerId: id }))}&range=${encodeURIComponent('[0,24]')}`;
    expect((await get(`/api/customers/${id}`, support)).status).toBe(200);
    expect((await get(tab, support)).status).toBe(200);
    expect(await views()).toHaveLength(1);
    const admin = await loginAs(server, 'admin');
    await Promise.all([get(`/api/customers/${id}`, admin), get(tab, admin)]);
    expect(await views()).toHaveLength(2);
  });

  it('keeps answering when Centra is down: Gigs shown, Centra says it cannot be reached', async () => {
    await fault('centra', { kind: 'error500' });
    try {
      const res = await get(`/api/customers/${zoeId}`, support);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { gigs: { user?: unknown; error?: string }; centra: { error?: string } };
      expect(body.centra.error).toMatch(/Centra/);
      expect(body.gigs.error).toBeUndefined();
      expect(body.gigs.user).toBeTruthy();
    } finally {
      await fault('centra', null);
    }
  });

  it('keeps answering when Gigs is down: Centra shown', async () => {
    await fault('gigs', { kind: 'error500' });
    try {
      const body = (await (await get(`/api/customers/${zoeId}`, support)).json()) as { gigs: { error?: string }; centra: { contracts?: unknown[] } };
      expect(body.gigs.error).toMatch(/Gigs/);
      expect(body.centra.contracts?.length).toBeGreaterThan(0);
    } finally {
      await fault('gigs', null);
    }
  });

  it('is 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await get(`/api/customers/${customerIdFor('nobody@example.com')}`, support)).status).toBe(404);
    expect((await get('/api/customers/usr_123', support)).status).toBe(400);
  });

  it('refreshCustomer re-reads one person into the index, and answers what it read', async () => {
    const r = await refreshCustomer(server.deps, zoeId);
    expect(r).toMatchObject({ refreshed: true, errors: {} });
    if (!r.refreshed) throw new Error('not refreshed');
    expect(r.row.id).toBe(zoeId);
    expect(r.live.centra).toMatchObject({ customer: { email: expect.any(String) } });
    expect((await refreshCustomer(server.deps, customerIdFor('nobody@example.com'))).refreshed).toBe(false);
  });
});

describe('GET /api/status', () => {
  it('shows the last crawl and index counts to every role, no personal data', async () => {
    const res = await get('/api/status', await loginAs(server, 'auditor'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { crawl: { last: { status: string; durationMs: number } }; index: { customers: number; centra: { contracts: number } } };
    expect(body.crawl.last.durationMs).toBeGreaterThanOrEqual(0);
    expect(body.index.customers).toBeGreaterThan(0);
    expect(body.index.centra.contracts).toBeGreaterThan(0);
    expect(JSON.stringify(body)).not.toMatch(/@/);
  });
});
