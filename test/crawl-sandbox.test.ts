import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { customersOf } from '../server/customers/service.ts';

let server: TestServer;
const rows = () => (server.deps.db.$client.prepare('SELECT count(*) AS n FROM customers WHERE search_text IS NOT NULL').get() as { n: number }).n;

async function gigsFault(body: object | null) {
  const auth = { authorization: `Bearer ${server.sandbox!.credentials.gigsApiKey}` };
  const url = `${server.url}/sandbox/gigs/_sandbox/faults`;
  const res = await fetch(url, body ? { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(body) } : { method: 'DELETE', headers: auth });
  expect(res.ok).toBe(true);
}

beforeAll(async () => {
  server = await startTestServer();
  await customersOf(server.deps).crawler.run('full');
});
afterAll(async () => {
  await server?.close();
});

describe('crawl against the sandbox', () => {
  it('the first crawl on start indexed all 320 sandbox people from both systems', () => {
    const last = customersOf(server.deps).crawler.ledger.last()!;
    expect(last).toMatchObject({ kind: 'full', status: 'succeeded' });
    expect(rows()).toBe(320);
    expect(last.counts['gigs.users']).toBeGreaterThan(200);
    expect(last.counts['centra.contracts']).toBeGreaterThan(200);
  });

  it('Gigs failing mid-crawl stops it with the reason; nothing is lost; the next crawl resumes and succeeds', async () => {
    const { crawler } = customersOf(server.deps);
    // The users list fails from the first page (every retry too).
    await gigsFault({ kind: 'error500', pathPrefix: '/projects/subdesk-sandbox/users' });
    const before = rows();
    const failed = await crawler.run('full');
    expect(failed.status).toBe('failed');
    expect(failed.errors['gigs.users']).toMatch(/^Gigs: .*HTTP 500/);
    expect(failed.errors['centra.customers']).toBeUndefined();
    expect(rows()).toBe(before);
    await gigsFault(null);
    const resumed = await crawler.run('incremental');
    expect(resumed).toMatchObject({ kind: 'full', status: 'succeeded' });
    expect(resumed.counts['centra.customers']).toBe(0); // finished before the failure: not re-read
    expect(rows()).toBe(320);
  });
});
