import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { loginAs } from './helpers/auth.ts';
import { addFault, clearFaults, gigsClient } from './gigs-helpers.ts';
import { completeOnConnect, deliver, feedSettled, gigsFactsOf, indexedSubscription, outcomeOf, sandboxControl } from './helpers/feeds.ts';
import { subscriptionFacts, gigsFactsOf as factsFromLive } from '../server/customers/index/facts.ts';
import { feedsStatus } from '../server/feeds/status.ts';
import { startFeeds } from '../server/feeds/index.ts';
import { SETTLE_ACTION } from '../server/gigs/settle-pending.ts';
import type { GigsSubscription } from '../server/upstream/gigs.ts';
import { sqliteOf } from './helpers/engines.ts';

/**
 * The Gigs change feed end to end: the sandbox delivers signed webhooks for what customers do on
 * the hosted Connect page and for user changes; subdesk applies them to the index without any
 * crawl, in any order, never letting an older event overwrite newer state.
 */
let t: TestServer;
let support: string;
const running = (s: GigsSubscription) => s.status === 'active' && !s.endedAt && s.plan?.validity?.type === 'recurring';
const crawls = () => (sqliteOf(t.deps).$client.prepare('SELECT count(*) AS n FROM crawl_runs').get() as { n: number }).n;
const search = async (q: string) => (await t.deps.customers.search.list({ filter: { q }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 10 })).rows;

beforeAll(async () => {
  t = await startTestServer();
  support = await loginAs(t, 'support');
  await t.deps.customers.crawler.run('full');
}, 120_000);
afterAll(() => t?.close());

/** What Gigs has for this user now, as the index would hold it. */
async function liveFacts(userId: string) {
  const gigs = gigsClient(t);
  const user = await gigs.getUser(userId);
  const subs: GigsSubscription[] = [];
  for await (const page of gigs.allSubscriptions({ user: userId })) subs.push(...page);
  return factsFromLive(user, subs);
}

describe('what a customer does in Connect reaches the index through the feed', () => {
  it('a plan change: the new plan is in the index without a crawl, and the link is settled once, by "system"', async () => {
    const { sub, customerId } = await indexedSubscription(t, running);
    const before = crawls();
    const { sessionId, callback } = await completeOnConnect(t, support, customerId, { type: 'changeSubscription', subscription: sub.id });
    await feedSettled(t);
    const live = await gigsClient(t).getSubscription(sub.id);
    expect(live.plan!.id).not.toBe(sub.plan!.id);
    expect(gigsFactsOf(t, sub.user!.email)!.subs[sub.id]!.pl).toBe(live.plan!.id);
    expect(crawls()).toBe(before);
    const settled = sqliteOf(t.deps)
      .$client.prepare('SELECT actor_type AS actor, outcome FROM audit_events WHERE upstream_ref = ? AND action = ?')
      .all(sessionId, SETTLE_ACTION);
    expect(settled).toEqual([{ actor: 'system', outcome: 'succeeded' }]);
    // The customer's callback arrives after: the link is already settled, nothing more is recorded.
    expect((await t.app.request(`${callback.pathname}${callback.search}`)).status).toBe(200);
    expect(
      sqliteOf(t.deps)
        .$client.prepare(
          "SELECT count(*) AS n FROM audit_events WHERE upstream_ref = ? AND action LIKE 'gigs.connectSession.%' AND action != 'gigs.connectSession.create'",
        )
        .get(sessionId),
    ).toEqual({ n: 1 });
  });

  it("a new subscription: the person's row holds it as Gigs does (its number is searchable)", async () => {
    const { sub, customerId } = await indexedSubscription(t, running, 3);
    const row = (await t.deps.customers.search.byId(customerId))!;
    // checkout for the same person: a second subscription appears in their row.
    await completeOnConnect(t, support, customerId, { type: 'checkoutNewSubscription', plan: sub.plan!.id });
    await feedSettled(t);
    const facts = gigsFactsOf(t, row.emailKey)!;
    expect(facts).toEqual(await liveFacts(sub.user!.id));
    const had = JSON.parse(row.gigs!).subs as Record<string, { p?: string | null }>;
    const added = Object.entries(facts.subs).filter(([id]) => !(id in had));
    expect(added).toHaveLength(1);
    const phone = added[0]![1].p;
    if (phone) expect((await search(phone)).map((r) => r.id)).toEqual([customerId]);
  });
});

describe('order and doubt', () => {
  it('an event older than the last one applied for its object changes nothing (stale)', async () => {
    const { sub } = await indexedSubscription(t, running, 5);
    const newer = new Date(Date.now() + 1000).toISOString();
    const ended = { ...sub, status: 'ended', endedAt: newer };
    const first = await deliver(t, { type: 'com.gigs.subscription.ended', time: newer, data: ended });
    expect(outcomeOf(t, first)).toBe('applied');
    expect(gigsFactsOf(t, sub.user!.email)!.subs[sub.id]).toEqual(subscriptionFacts(ended));
    const older = await deliver(t, { type: 'com.gigs.subscription.updated', time: new Date(Date.now() - 60_000).toISOString(), data: sub });
    expect(outcomeOf(t, older)).toBe('stale');
    expect(gigsFactsOf(t, sub.user!.email)!.subs[sub.id]!.s).toBe('ended');
  });

  it('an event from before the row was last written is in doubt: the user is read from Gigs and that is written', async () => {
    const { sub } = await indexedSubscription(t, running, 7);
    // The crawl wrote the row after this time; the event claims an end Gigs never made.
    const id = await deliver(t, {
      type: 'com.gigs.subscription.ended',
      time: new Date(Date.now() - 3_600_000).toISOString(),
      data: { ...sub, status: 'ended' },
    });
    expect(outcomeOf(t, id)).toBe('applied');
    expect(gigsFactsOf(t, sub.user!.email)).toEqual(await liveFacts(sub.user!.id));
  });

  it('two events for one object at the same time are in doubt too: Gigs decides', async () => {
    const { sub } = await indexedSubscription(t, running, 9);
    const at = new Date(Date.now() + 2000).toISOString();
    await deliver(t, { type: 'com.gigs.subscription.updated', time: at, data: { ...sub, phoneNumber: '+15550000001' } });
    await deliver(t, { type: 'com.gigs.subscription.updated', time: at, data: { ...sub, phoneNumber: '+15550000002' } });
    expect(gigsFactsOf(t, sub.user!.email)!.subs[sub.id]).toEqual((await liveFacts(sub.user!.id))!.subs[sub.id]);
  });

  it('a signed body that is not an event subdesk can read is set aside, not retried', async () => {
    const id = await deliver(t, { type: 'com.gigs.subscription.updated', time: new Date().toISOString(), data: { not: 'a subscription' } });
    expect(outcomeOf(t, id)).toBe('refused');
  });

  it('Gigs failing while in doubt: the delivery waits, the status page says so, and it is applied when Gigs is back', async () => {
    const { sub } = await indexedSubscription(t, running, 11);
    await addFault(t, { kind: 'error500', pathPrefix: `/projects/subdesk-sandbox/users/${sub.user!.id}` });
    try {
      const id = await deliver(t, {
        type: 'com.gigs.subscription.updated',
        time: new Date(Date.now() - 3_600_000).toISOString(),
        data: { ...sub, status: 'ended' },
      });
      expect(outcomeOf(t, id)).toBeNull();
      const [gigs] = await feedsStatus(t.deps.feeds);
      expect(gigs).toMatchObject({ feed: 'gigs', on: true, backlog: 1, retrying: 1 });
      expect(gigs!.lastError!.message).toMatch(/Gigs could not be read/);
      expect(gigsFactsOf(t, sub.user!.email)!.subs[sub.id]!.s).toBe('active');
      await clearFaults(t);
      sqliteOf(t.deps).$client.prepare('UPDATE feed_inbox SET next_attempt_at = ? WHERE delivery_id = ?').run(new Date(0).toISOString(), id);
      await t.deps.feeds.applier!.wake();
      expect(outcomeOf(t, id)).toBe('applied');
      expect((await feedsStatus(t.deps.feeds))[0]).toMatchObject({ backlog: 0, retrying: 0 });
    } finally {
      await clearFaults(t);
    }
  });
});

describe('user changes', () => {
  it('a new name is found by search at once', async () => {
    const { sub } = await indexedSubscription(t, running, 13);
    await sandboxControl(t, 'PATCH', `/_sandbox/users/${sub.user!.id}`, { fullName: 'Quintessa Feedmore' });
    await feedSettled(t);
    expect((await search('quintessa feedmore')).map((r) => r.email)).toEqual([sub.user!.email.toLowerCase()]);
  });

  it("an e-mail change moves the person's Gigs facts to the new address; the old row keeps only what Centra says", async () => {
    const { sub } = await indexedSubscription(t, running, 15);
    const facts = gigsFactsOf(t, sub.user!.email)!;
    await sandboxControl(t, 'PATCH', `/_sandbox/users/${sub.user!.id}`, { email: 'moved.by.feed@example.com' });
    await feedSettled(t);
    expect(gigsFactsOf(t, sub.user!.email)).toBeNull();
    expect(gigsFactsOf(t, 'moved.by.feed@example.com')).toMatchObject({ u: sub.user!.id, e: 'moved.by.feed@example.com', subs: facts.subs });
  });

  it('a deleted user loses the Gigs facts, as a full crawl would forget them; the row stays, found by e-mail', async () => {
    const { sub } = await indexedSubscription(t, running, 17);
    await sandboxControl(t, 'DELETE', `/_sandbox/users/${sub.user!.id}`);
    await feedSettled(t);
    expect(gigsFactsOf(t, sub.user!.email)).toBeNull();
    expect((await search(sub.user!.email)).map((r) => r.email?.toLowerCase())).toEqual([sub.user!.email.toLowerCase()]);
    expect(await search(sub.id)).toEqual([]);
  });
});

describe('the inbox', () => {
  it('deliveries answered 2xx while nothing applied them (a crash) are applied when the applier starts again', async () => {
    const { sub } = await indexedSubscription(t, running, 30);
    await t.deps.feeds.applier!.stop();
    const at = new Date(Date.now() + 3000).toISOString();
    const id = await deliver(t, { type: 'com.gigs.user.updated', time: at, data: { ...sub.user, fullName: 'Stored Beforecrash' } });
    expect(outcomeOf(t, id)).toBeNull();
    expect((await feedsStatus(t.deps.feeds))[0]).toMatchObject({
      backlog: 1,
      lastReceived: { type: 'com.gigs.user.updated' },
      lastApplied: expect.anything(),
    });
    startFeeds(t.deps);
    await t.deps.feeds.applier!.idle();
    expect(outcomeOf(t, id)).toBe('applied');
    expect(await search('stored beforecrash')).toHaveLength(1);
    expect((await feedsStatus(t.deps.feeds))[0]).toMatchObject({ backlog: 0, lastApplied: { type: 'com.gigs.user.updated', outcome: 'applied' } });
  });
});

describe('deliveries duplicated and shuffled', () => {
  it('converge to what Gigs has, and nothing is applied twice', async () => {
    await sandboxControl(t, 'PUT', '/_sandbox/webhooks/faults', { shuffleMs: 200, duplicate: 1 });
    const changed: GigsSubscription[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        const { sub, customerId } = await indexedSubscription(t, running, 20 + i * 2);
        await completeOnConnect(t, support, customerId, { type: i % 2 ? 'cancelSubscription' : 'changeSubscription', subscription: sub.id });
        await sandboxControl(t, 'PATCH', `/_sandbox/users/${sub.user!.id}`, { fullName: `Shuffled Person ${i}` });
        changed.push(sub);
      }
      await feedSettled(t);
    } finally {
      await sandboxControl(t, 'PUT', '/_sandbox/webhooks/faults', {});
    }
    for (const sub of changed) expect(gigsFactsOf(t, sub.user!.email)).toEqual(await liveFacts(sub.user!.id));
    const twice = sqliteOf(t.deps).$client.prepare('SELECT delivery_id, count(*) AS n FROM feed_inbox GROUP BY feed, delivery_id HAVING n > 1').all();
    expect(twice).toEqual([]);
    expect(t.sandbox!.gigsWebhooks.counts.delivered).toBeGreaterThan(t.sandbox!.gigsWebhooks.counts.sent);
  });
});
