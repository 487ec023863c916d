import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { startSeparateUpstreams, type SeparateUpstreams } from './helpers/upstreams.ts';
import { loginAs, req } from './helpers/auth.ts';
import { person } from '../server/sandbox/people.ts';

/**
 * One list failing never holds back the others: a first crawl with Centra down indexes what Gigs
 * said, the status page says where each list got to and why it stopped, and the next crawl
 * resumes the failed lists.
 */
let upstreams: SeparateUpstreams;
let server: TestServer;
let support: string;

async function centraFault(body: object | null) {
  const url = `${upstreams.url}/sandbox/centra/_sandbox/faults`;
  const headers = { 'api-authorization': upstreams.sandbox.credentials.centraApiKey, 'content-type': 'application/json' };
  const res = await fetch(url, body ? { method: 'POST', headers, body: JSON.stringify(body) } : { method: 'DELETE', headers });
  expect(res.ok).toBe(true);
}

beforeAll(async () => {
  upstreams = await startSeparateUpstreams();
  // Down before subdesk's first crawl: every Centra API answers 500.
  await centraFault({ kind: 'error500', pathPrefix: '/api/' });
  await centraFault({ kind: 'error500', pathPrefix: '/graphql' });
  server = await startTestServer({
    ...upstreams.env.gigs,
    ...upstreams.env.centraShopAndOrder,
    ...upstreams.env.centraIntegration,
    UPSTREAM_TIMEOUT_MS: '1000',
  });
  support = await loginAs(server, 'support');
});
afterAll(async () => {
  await server?.close();
  await upstreams?.close();
});

const gigsOnly = [...Array(320).keys()].map(person).find((p) => p.inGigs && !p.inCentra)!;
const search = async (q: string) =>
  (await (await server.app.request(`/api/customers?filter=${encodeURIComponent(JSON.stringify({ q }))}`, ...req('GET', { cookie: support }))).json()) as {
    id: string;
  }[];

describe('a crawl with Centra down', () => {
  it('indexes Gigs, which answered, and says per list where it stopped', async () => {
    const run = await server.deps.customers.crawler.run('full');
    expect(run.status).toBe('failed');
    expect(run.errors['centra.customers']).toMatch(/^Centra: .*HTTP 500/);
    expect(run.errors['gigs.users']).toBeUndefined();
    expect((await search(gigsOnly.email)).length).toBe(1);
    const status = await (await server.app.request('/api/status', ...req('GET', { cookie: support }))).json();
    expect(status.index.gigs.customers).toBeGreaterThan(200);
    expect(status.index.centra.customers).toBe(0);
    const lists = Object.fromEntries(status.crawl.lists.map((l: { list: string }) => [l.list, l]));
    expect(lists['gigs.users']).toMatchObject({ done: true, error: null });
    expect(lists['centra.customers']).toMatchObject({ done: false, error: expect.stringMatching(/HTTP 500/) });
  });

  it('the next crawl resumes the failed lists once Centra is back', async () => {
    await centraFault(null);
    const run = await server.deps.customers.crawler.run('incremental');
    expect(run).toMatchObject({ kind: 'full', status: 'succeeded' });
    expect(run.counts['gigs.users']).toBe(0); // done before: not read again
    expect(run.counts['centra.customers']).toBeGreaterThan(200);
    expect(run.counts['centra.contracts']).toBeGreaterThan(200);
  });
});
