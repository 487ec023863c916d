import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema, graphql } from 'graphql';
import { z } from 'zod';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { CentraClient } from '../server/upstream/centra.ts';
import type { IntegrationListing } from '../server/upstream/centra-integration.ts';
import { centraKey, clientFor, everyContract } from './centra-helpers.ts';
import { loginAs, req } from './helpers/auth.ts';

/**
 * How subdesk lists Centra contracts in bulk is decided by asking the Integration API for its
 * schema, never assumed: against the sandbox's GraphQL server (built with the `graphql` package
 * from Centra's public types) as documented, without the contract field, and with a token
 * refused the permission; and against schemas shaped differently, as a real tenant's may be.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  // The start-up crawl decided its way before any mode is changed here.
  await server.deps.customers.crawler.run('full');
});
afterAll(async () => {
  await setMode('full');
  await server?.close();
});

async function setMode(mode: 'full' | 'without-contracts' | 'without-permission') {
  const res = await fetch(`${server.url}/sandbox/centra/_sandbox/integration`, {
    method: 'PUT',
    headers: { 'api-authorization': centraKey(server), 'content-type': 'application/json' },
    body: JSON.stringify({ mode }),
  });
  expect(res.status).toBe(200);
}

const pageAnswer = z.object({ data: z.object({ contracts: z.array(z.object({ id: z.number(), customer: z.object({ email: z.string() }) }).passthrough()) }) });

/** Every page the plan's query answers, as the crawl reads them. */
async function readAll(client: CentraClient, plan: IntegrationListing, where: Record<string, unknown> | null = null) {
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const body = await client.integration!.http.request({
      method: 'POST',
      path: client.integration!.path,
      body: { query: plan.query, variables: { limit: plan.pageSize, page, ...(plan.updatedSince ? { where } : {}) } },
      schema: pageAnswer,
      idempotencyKey: `p${page}${Math.random()}`,
    });
    ids.push(...body.data.contracts.map((c) => c.id));
    if (body.data.contracts.length < plan.pageSize) return ids;
  }
}

describe('against the sandbox Integration API', () => {
  it('introspects the schema and lists contracts in numbered pages of 200, in id order, with every field the crawl needs', async () => {
    const plan = await server.deps.centra.contractListing();
    expect(plan.way).toBe('integration');
    const listing = plan as IntegrationListing;
    expect(listing.pageSize).toBe(200);
    expect(listing.query).toMatch(/subscriptionContracts\(limit: \$limit, page: \$page, sort: \[id_ASC\], where: \$where\)/);
    // The public types put the product on the line, and the sandbox models the country as an object.
    expect(listing.query).toMatch(/lines \{ item \}/);
    expect(listing.query).toMatch(/country \{ code \}/);
    expect(listing.query).not.toMatch(/quantity/);
    expect(listing.notes).toEqual([]);
    const ids = await readAll(server.deps.centra, listing);
    const truth = (await everyContract(server.deps.centra)).map((e) => e.contract.id);
    expect(ids).toEqual(truth);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('asks only for contracts updated since a time, through the lower bound the schema offers', async () => {
    const plan = (await server.deps.centra.contractListing()) as IntegrationListing;
    const all = await everyContract(server.deps.centra);
    const times = all.map((e) => e.contract.updatedAt!).sort();
    const cut = times[Math.floor(times.length * 0.75)]!;
    const recent = await readAll(server.deps.centra, plan, plan.updatedSince!(cut));
    const expected = all.filter((e) => new Date(e.contract.updatedAt!) >= new Date(cut)).map((e) => e.contract.id);
    expect(recent).toEqual(expected);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(all.length);
  });

  it('falls back to the Shop API, saying so on the status page, when the schema has no contract listing', async () => {
    await setMode('without-contracts');
    try {
      const plan = await server.deps.centra.contractListing();
      expect(plan).toMatchObject({ way: 'shop', reason: expect.stringMatching(/no subscriptionContracts field/) });
      const { crawler, contractWalk } = server.deps.customers;
      const run = await crawler.run('full');
      expect(run.status).toBe('succeeded');
      const status = await (await server.app.request('/api/status', ...req('GET', { cookie: await loginAs(server, 'admin') }))).json();
      expect(status.centraContracts).toMatchObject({ way: 'shop', reason: expect.stringMatching(/no subscriptionContracts field/) });
      await contractWalk.idle();
      expect(await contractWalk.progress()).toMatchObject({ running: false, finishedAt: expect.any(String) });
    } finally {
      await setMode('full');
    }
  });

  it('falls back to the Shop API, naming the permission, when the token may not read contracts', async () => {
    await setMode('without-permission');
    try {
      const plan = await server.deps.centra.contractListing();
      expect(plan).toMatchObject({
        way: 'shop',
        reason: expect.stringMatching(/refused the contract listing: .*lacks the SubscriptionContract:read permission/),
      });
    } finally {
      await setMode('full');
    }
  });

  it('lists the Shop API way, without asking anything, when no Integration API is configured', async () => {
    const calls: string[] = [];
    const client = clientFor(server, {
      integrationUrl: undefined,
      integrationToken: undefined,
      fetch: async (input, init) => (calls.push(String(input)), fetch(input, init)),
    });
    expect(await client.contractListing()).toMatchObject({ way: 'shop', reason: expect.stringMatching(/no Integration API is configured/) });
    expect(calls).toEqual([]);
  });

  it('answers a document with fields the schema lacks with GraphQL validation errors', async () => {
    const res = await fetch(`${server.url}/sandbox/centra/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${centraKey(server)}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ subscriptionContracts(afterId: 3) { id quantity } }' }),
    });
    const body = (await res.json()) as { errors?: { message: string }[] };
    expect(body.errors?.map((e) => e.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Unknown argument "afterId"/), expect.stringMatching(/Cannot query field "quantity"/)]),
    );
  });
});

/** A tenant whose schema differs from the sandbox's in what Centra leaves undocumented. */
function tenant(sdl: string, root: Record<string, unknown>) {
  const schema = buildSchema(sdl);
  const seen: { query: string; variables: Record<string, unknown> }[] = [];
  const impl: typeof fetch = async (_input, init) => {
    const { query, variables } = JSON.parse(String(init!.body)) as { query: string; variables: Record<string, unknown> };
    seen.push({ query, variables });
    const result = await graphql({ schema, source: query, rootValue: root, variableValues: variables });
    return new Response(JSON.stringify(result), { status: 200, headers: { 'content-type': 'application/json' } });
  };
  const client = new CentraClient({
    shopUrl: 'http://c.test/shop',
    orderUrl: 'http://c.test/order',
    apiKey: 'k',
    integrationUrl: 'http://c.test/graphql',
    integrationToken: 't',
    timeoutMs: 2000,
    fetch: impl,
  });
  return { client, seen };
}

const OTHER_TENANT = `
  input Range { gte: String, lte: String }
  input ContractWhere { updatedAt: Range }
  type Address { country: String, email: String }
  type Customer { id: Int!, email: String! }
  type Sub { id: Int!, status: String!, lines: [Line!]! }
  type Line { item: String! }
  type Contract { id: Int!, customer: Customer!, shippingAddress: Address, subscriptions: [Sub!]! }
  type Query { subscriptionContracts(where: ContractWhere, limit: Int, page: Int): [Contract!]! }
`;

describe('against schemas shaped otherwise', () => {
  it('uses what the schema has (gte for "since", country as text, no sort) and notes what it lacks', async () => {
    const { client, seen } = tenant(OTHER_TENANT, {
      subscriptionContracts: () => [{ id: 1, customer: { id: 4, email: 'a@b.c' }, shippingAddress: { country: 'SE', email: 'a@b.c' }, subscriptions: [] }],
    });
    const plan = (await client.contractListing()) as IntegrationListing;
    expect(plan.way).toBe('integration');
    expect(plan.updatedSince!('2026-01-01T00:00:00+00:00')).toEqual({ updatedAt: { gte: '2026-01-01T00:00:00+00:00' } });
    expect(plan.query).toMatch(/\$where: ContractWhere/);
    expect(plan.query).not.toMatch(/sort/);
    expect(plan.query).toMatch(/country email/);
    expect(plan.notes).toEqual(expect.arrayContaining(['no Address.firstName', 'no Sub.plan', 'no Sub.createdAt', expect.stringMatching(/no sort by id_ASC/)]));
    // The trial page used the very query the crawl sends.
    expect(seen.at(-1)).toEqual({ query: plan.query, variables: { limit: 1, page: 1 } });
  });

  it('takes the Shop API way when a field the crawl cannot do without is missing, and says which', async () => {
    const sdl = OTHER_TENANT.replace('type Contract { id: Int!, customer: Customer!,', 'type Contract { id: Int!,');
    const { client } = tenant(sdl, { subscriptionContracts: () => [] });
    expect(await client.contractListing()).toMatchObject({ way: 'shop', reason: expect.stringMatching(/lacks customer\.email/) });
  });

  it('takes the Shop API way when the list cannot be paged the classic way', async () => {
    const sdl = OTHER_TENANT.replace('subscriptionContracts(where: ContractWhere, limit: Int, page: Int)', 'subscriptionContracts(first: Int, after: String)');
    const { client } = tenant(sdl, { subscriptionContracts: () => [] });
    expect(await client.contractListing()).toMatchObject({ way: 'shop', reason: expect.stringMatching(/takes no limit or page argument/) });
  });
});
