import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { refreshCustomer } from '../server/customers/live/refresh.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { person } from '../server/sandbox/people.ts';
import { crawlCentraContractsPage } from '../server/customers/crawl/crawl-schemas.ts';
import type { IntegrationListing } from '../server/upstream/centra-integration.ts';
import { jsonOf, rowOf, rowsOf } from './helpers/engines.ts';

let server: TestServer;
const rows = async () => (await rowOf<{ n: number }>(server.deps, 'SELECT count(*) AS n FROM customers WHERE search_text IS NOT NULL')).n;

async function gigsFault(body: object | null) {
  const auth = { authorization: `Bearer ${server.sandbox!.credentials.gigsApiKey}` };
  const url = `${server.url}/sandbox/gigs/_sandbox/faults`;
  const res = await fetch(
    url,
    body ? { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) } : { method: 'DELETE', headers: auth },
  );
  expect(res.ok).toBe(true);
}

beforeAll(async () => {
  server = await startTestServer();
  await server.deps.customers.crawler.run('full');
});
afterAll(async () => {
  await server?.close();
});

describe('crawl against the sandbox', () => {
  it('the first crawl on start indexed all 320 sandbox people from both systems', async () => {
    const last = (await server.deps.customers.crawler.ledger.last())!;
    expect(last).toMatchObject({ kind: 'full', status: 'succeeded' });
    expect(await rows()).toBe(320);
    expect(last.counts['gigs.users']).toBeGreaterThan(200);
    expect(last.counts['centra.contracts']).toBeGreaterThan(200);
  });

  it('the contract listing asks Centra only for the fields the index keeps, and gets only those', async () => {
    const plan = (await server.deps.centra.contractListing()) as IntegrationListing;
    const res = await fetch(`${server.url}/sandbox/centra/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.sandbox!.credentials.centraApiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: plan.query, variables: { limit: 5, page: 1, where: null } }),
    });
    const body = await res.json();
    const [contract] = body.data.contracts;
    expect(Object.keys(contract).sort()).toEqual(['customer', 'id', 'shippingAddress', 'subscriptions']);
    expect(contract.shippingAddress).not.toHaveProperty('address1');
    expect(Object.keys(contract.subscriptions[0]).sort()).toEqual(['createdAt', 'discount', 'id', 'lines', 'plan', 'status']);
    expect(crawlCentraContractsPage.parse(body).data?.contracts).toHaveLength(5);
  });

  it('Gigs failing mid-crawl stops it with the reason; nothing is lost; the next crawl resumes and succeeds', async () => {
    const { crawler } = server.deps.customers;
    // The users list fails from the first page (every retry too).
    await gigsFault({ kind: 'error500', pathPrefix: '/projects/subdesk-sandbox/users' });
    const before = await rows();
    const failed = await crawler.run('full');
    expect(failed.status).toBe('failed');
    expect(failed.errors['gigs.users']).toMatch(/^Gigs: .*HTTP 500/);
    expect(failed.errors['centra.customers']).toBeUndefined();
    expect(await rows()).toBe(before);
    await gigsFault(null);
    const resumed = await crawler.run('incremental');
    expect(resumed).toMatchObject({ kind: 'full', status: 'succeeded' });
    expect(resumed.counts['centra.customers']).toBe(0); // finished before the failure: not re-read
    expect(await rows()).toBe(320);
  });

  it("indexes every sandbox subscription with its plan, and a refresh rewrites one customer's rows", async () => {
    const count = async (sql: string) => (await rowOf<{ n: number }>(server.deps, sql)).n;
    expect(await count("SELECT count(*) AS n FROM indexed_subscriptions WHERE system = 'gigs' AND plan_id LIKE 'pln_%'")).toBeGreaterThan(200);
    expect(
      await count("SELECT count(*) AS n FROM indexed_subscriptions WHERE system = 'centra' AND discount IS NOT NULL AND item IS NOT NULL"),
    ).toBeGreaterThan(200);
    expect(await count('SELECT count(*) AS n FROM plan_stats')).toBeGreaterThan(0);
    const p = Array.from({ length: 320 }, (_, i) => person(i)).find((x) => x.inGigs && x.inCentra)!;
    const id = customerIdFor(emailKey(p.email));
    const { seq } = await rowOf<{ seq: number }>(server.deps, 'SELECT seq FROM customers WHERE id = $1', [id]);
    const subscriptions = () =>
      rowsOf(
        server.deps,
        'SELECT system, id, plan_id, status, discount, item, created_at, canceled_at FROM indexed_subscriptions WHERE customer_seq = $1 ORDER BY 1, 2',
        [seq],
      );
    const before = await subscriptions();
    expect(before.length).toBeGreaterThan(0);
    const facts = async () => {
      const row = await rowOf<{ gigs: unknown; centra: unknown }>(server.deps, 'SELECT gigs, centra FROM customers WHERE seq = $1', [seq]);
      return { gigs: jsonOf(row.gigs), centra: jsonOf(row.centra) };
    };
    const factsBefore = await facts();
    // The derived rows go, and the row is marked stale, so the refresh rebuilds it even when the
    // facts it reads are the same (PostgreSQL's writer skips a clean row whose facts did not change).
    await rowsOf(server.deps, 'DELETE FROM indexed_subscriptions WHERE customer_seq = $1', [seq]);
    await rowsOf(server.deps, 'UPDATE customers SET dirty = $1 WHERE seq = $2', [true, seq]);
    expect((await refreshCustomer(server.deps, id)).refreshed).toBe(true);
    // What the live read (full client schemas) says matches what the crawl (lean schemas) said.
    expect(await facts()).toEqual(factsBefore);
    expect(await subscriptions()).toEqual(before);
  });
});
