import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs, req } from './helpers/auth.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { LeaseHeldElsewhere, until } from './helpers/lease.ts';

let server: TestServer;
let support: string;
const lease = new LeaseHeldElsewhere();

const health = async () => (await (await server.app.request('/api/health')).json()) as { background: { held: boolean } };
const crawl = async () =>
  (
    (await (await server.app.request('/api/status', ...req('GET', { cookie: support }))).json()) as {
      crawl: { running: boolean; last: { id: number; status: string } | null };
    }
  ).crawl;

beforeAll(async () => {
  server = await startTestServer({}, { lease });
  support = await loginAs(server, 'support');
});
afterAll(() => server.close());

describe('background work follows the lease', () => {
  it('an instance without the lease answers requests but does no background work', async () => {
    expect((await health()).background.held).toBe(false);
    // No crawl ever started here: another instance would be crawling.
    await new Promise((r) => setTimeout(r, 300));
    expect(await crawl()).toMatchObject({ running: false, last: null });
    expect(server.deps.feeds.applier.applying).toBe(false);
  });

  it('gaining the lease starts the work, and losing it stops it', async () => {
    lease.ours = true;
    await server.deps.backgroundLease.tick();
    expect((await health()).background.held).toBe(true);
    await until(async () => (await crawl()).last?.status === 'succeeded', 'the first crawl');
    expect(server.deps.feeds.applier.applying).toBe(true);

    lease.ours = false;
    await server.deps.backgroundLease.tick();
    expect((await health()).background.held).toBe(false);
    await until(async () => !server.deps.feeds.applier.applying, 'the applier to stop');
  });

  it('regaining it starts the work again: a new crawl runs and the inbox is applied', async () => {
    const before = (await crawl()).last;
    lease.ours = true;
    await server.deps.backgroundLease.tick();
    expect((await health()).background.held).toBe(true);
    // The work starts once start-up reconciliation has run (a round trip to the database first on PostgreSQL).
    await until(async () => server.deps.feeds.applier.applying, 'the applier to start');
    await until(async () => {
      const { last } = await crawl();
      return Boolean(last && last.id !== before?.id && last.status === 'succeeded');
    }, 'a second crawl');
  });
});
