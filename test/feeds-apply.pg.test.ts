import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { testDatabase, type TestDatabase } from './helpers/postgres.ts';
import { deliver, feedSettled, sandboxControl } from './helpers/feeds.ts';
import { gigsClient } from './gigs-helpers.ts';
import { emailKey } from '../server/customers/normalise.ts';
import { gigsFactsOf as factsFromLive, subscriptionFacts } from '../server/customers/index/facts.ts';
import type { GigsFacts } from '../server/customers/types.ts';
import type { GigsSubscription } from '../server/upstream/gigs.ts';
import { createFeeds } from '../server/feeds/index.ts';
import { FeedApplier } from '../server/feeds/applier.ts';
import { GigsEventApplier } from '../server/feeds/gigs-apply.ts';
import type { IndexWriter } from '../server/customers/index/writer/types.ts';
import { createLogger } from '../server/logger.ts';
import { PgAuditLog } from '../server/storage/pg/audit-append.ts';

/**
 * The Gigs change feed on PostgreSQL: deliveries stored in the shared inbox are applied to the
 * customer index by the applier of the instance holding the background lease, with the sandbox's
 * Gigs over real HTTP for what is in doubt. The index starts empty (no crawl): each person is
 * written by the feed alone.
 */
let database: TestDatabase;
let t: TestServer;

beforeAll(async () => {
  database = await testDatabase();
  t = await startTestServer({ DATABASE_URL: database.url });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await database?.drop();
});

const query = async (sql: string, params: unknown[]) => (await database.db.$client.query(sql, params)).rows;
const outcomeOf = async (deliveryId: string) =>
  ((await query('SELECT outcome FROM feed_inbox WHERE delivery_id = $1', [deliveryId]))[0]?.outcome ?? null) as string | null;
const gigsFactsOf = async (email: string) =>
  ((await query('SELECT gigs FROM customers WHERE email_key = $1', [emailKey(email)]))[0]?.gigs ?? null) as GigsFacts | null;
const search = async (q: string) => (await t.deps.customers.search.list({ filter: { q }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 10 })).rows;

/** Active seeded subscriptions with a user, the nth one's. */
async function seededSubscription(nth: number): Promise<GigsSubscription> {
  let seen = 0;
  for await (const page of gigsClient(t).allSubscriptions()) {
    for (const s of page) if (s.status === 'active' && s.user?.status === 'active' && seen++ === nth) return s;
  }
  throw new Error('no such seeded subscription');
}

async function liveFacts(userId: string) {
  const gigs = gigsClient(t);
  const subs: GigsSubscription[] = [];
  for await (const page of gigs.allSubscriptions({ user: userId })) subs.push(...page);
  return factsFromLive(await gigs.getUser(userId), subs);
}

describe('Gigs deliveries applied on PostgreSQL', () => {
  it('runs on PostgreSQL, with an applier that applies', () => {
    expect(t.deps.engine.kind).toBe('postgres');
    expect(t.deps.feeds.applier.applying).toBe(true);
  });

  it('a subscription event for someone the index does not have yet writes their row, found by search', async () => {
    const sub = await seededSubscription(0);
    const at = Date.now();
    const id = await deliver(t, { type: 'com.gigs.subscription.updated', time: new Date(at).toISOString(), data: sub });
    expect(await outcomeOf(id)).toBe('applied');
    expect((await gigsFactsOf(sub.user!.email))!.subs[sub.id]).toEqual(subscriptionFacts(sub));
    expect((await search(sub.user!.email)).map((r) => r.email)).toEqual([sub.user!.email.toLowerCase()]);
    // An older event about the same subscription is stale: nothing changes.
    const older = await deliver(t, {
      type: 'com.gigs.subscription.ended',
      time: new Date(at - 60_000).toISOString(),
      data: { ...sub, status: 'ended' },
    });
    expect(await outcomeOf(older)).toBe('stale');
    expect((await gigsFactsOf(sub.user!.email))!.subs[sub.id]!.s).toBe('active');
  });

  it('an event from before the row was last written is in doubt: the user is read from Gigs over HTTP and that is written', async () => {
    const sub = await seededSubscription(1);
    await deliver(t, { type: 'com.gigs.user.updated', time: new Date().toISOString(), data: { ...sub.user, fullName: 'Only Thefeed' } });
    expect((await gigsFactsOf(sub.user!.email))!.subs).toEqual({});
    const id = await deliver(t, {
      type: 'com.gigs.subscription.ended',
      time: new Date(Date.now() - 3_600_000).toISOString(),
      data: { ...sub, status: 'ended' },
    });
    expect(await outcomeOf(id)).toBe('applied');
    expect(await gigsFactsOf(sub.user!.email)).toEqual(await liveFacts(sub.user!.id));
  });

  it('a delivery whose index write committed but whose marking did not (a crash) is applied again harmlessly: Gigs decides', async () => {
    const sub = await seededSubscription(3);
    const claimed = { ...sub, phoneNumber: '+15550001234' };
    const id = await deliver(t, { type: 'com.gigs.subscription.updated', time: new Date().toISOString(), data: claimed });
    expect((await gigsFactsOf(sub.user!.email))!.subs[sub.id]).toEqual(subscriptionFacts(claimed));
    await query('UPDATE feed_inbox SET applied_at = NULL, outcome = NULL, as_of = NULL WHERE delivery_id = $1', [id]);
    await t.deps.feeds.applier.wake();
    expect(await outcomeOf(id)).toBe('applied');
    // The row was written after the event's time: in doubt, so what Gigs has is written.
    expect(await gigsFactsOf(sub.user!.email)).toEqual(await liveFacts(sub.user!.id));
  });

  it("a rename made in Gigs reaches search through the sandbox's own webhook", async () => {
    const sub = await seededSubscription(2);
    await sandboxControl(t, 'PATCH', `/_sandbox/users/${sub.user!.id}`, { fullName: 'Quintessa Pgfeed' });
    await feedSettled(t);
    expect((await search('quintessa pgfeed')).map((r) => r.email)).toEqual([sub.user!.email.toLowerCase()]);
    expect((await t.deps.feeds.inbox.status('gigs')).backlog).toBe(0);
  });

  it('a delivery another instance stored (it does not wake this one) is applied by the lease holder within seconds', async () => {
    const sub = await seededSubscription(4);
    const other = database.open({ applicationName: 'subdesk-b' });
    const clock = () => new Date();
    const { inbox } = createFeeds({ engine: { kind: 'postgres', db: other, audit: new PgAuditLog(other, clock) }, clock, logger: createLogger('silent') });
    // Later than anything this file wrote about the user (earlier tests may have read them from Gigs
    // just now, which would put an event of this very moment in doubt): the event itself is written.
    const time = new Date(Date.now() + 60_000).toISOString();
    const body = JSON.stringify({ object: 'event', id: 'evt_b_1', type: 'com.gigs.user.updated', time, data: { ...sub.user, fullName: 'Stored Elsewhere' } });
    await t.deps.feeds.applier.idle();
    expect(
      await inbox.accept({ feed: 'gigs', deliveryId: 'msg_on_b', eventType: 'com.gigs.user.updated', eventTime: time, objectId: sub.user!.id, body }),
    ).toBe(true);
    await inbox.close();
    const deadline = Date.now() + 5000;
    while ((await outcomeOf('msg_on_b')) === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await outcomeOf('msg_on_b')).toBe('applied');
    expect((await search('stored elsewhere')).map((r) => r.email)).toEqual([sub.user!.email.toLowerCase()]);
  });

  it('a row written between deciding and writing (a refresh) is not overwritten by the event: Gigs is read and that is written', async () => {
    const sub = await seededSubscription(5);
    const key = emailKey(sub.user!.email);
    const live = await liveFacts(sub.user!.id);
    const real = t.deps.customers.writer;
    // A refresh of this person lands just before the applier's write, after it decided.
    let refreshed = false;
    const racing: IndexWriter = Object.assign(Object.create(real) as IndexWriter, {
      async write(updates: Parameters<IndexWriter['write']>[0], unchangedSince?: Map<string, string | null>) {
        if (!refreshed && updates.gigs?.has(key)) {
          refreshed = true;
          await new Promise((r) => setTimeout(r, 5));
          // As a refresh writes (server/customers/live/live.ts): what Gigs said just now.
          await real.write({ gigs: new Map([[key, () => live]]) }, undefined, { readLive: true });
        }
        return real.write(updates, unchangedSince);
      },
    });
    const inbox = t.deps.feeds.inbox;
    await t.deps.feeds.applier.stop();
    const applier = new FeedApplier(inbox, () => new Date(), createLogger('silent'));
    try {
      applier.start({ gigs: new GigsEventApplier({ ...t.deps, customers: { ...t.deps.customers, writer: racing } }, inbox) });
      const claimed = { ...sub, phoneNumber: '+15550009876' };
      const id = await deliver(t, { type: 'com.gigs.subscription.updated', time: new Date().toISOString(), data: claimed });
      await applier.idle();
      expect(refreshed).toBe(true);
      expect(await outcomeOf(id)).toBe('applied');
      expect(await gigsFactsOf(sub.user!.email)).toEqual(live);
    } finally {
      await applier.stop();
      inbox.onStored = () => void t.deps.feeds.applier.wake();
    }
  });
});
