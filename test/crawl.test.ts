import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/connection.ts';
import { CustomerStore, type BuildTuning } from '../server/customers/store.ts';
import { bucketOf } from '../server/customers/stage.ts';
import { BucketComputer } from '../server/customers/bucket-build.ts';
import { gigsSubscriptionUpdates } from '../server/customers/facts.ts';
import { CustomerSearch } from '../server/customers/search.ts';
import { Crawler } from '../server/customers/crawler.ts';
import type { CrawlSources, Page } from '../server/customers/crawl-sources.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { UpstreamError } from '../server/upstream/errors.ts';
import { planStatsFreshness } from '../server/customers/plan-stats.ts';
import { person } from '../server/sandbox/people.ts';
import { contractPart, customerPart, subscriptionPart, userPart, type CentraContractItem, type CentraCustomerLike, type GigsSubscriptionLike, type GigsUserLike, type StagedPart } from '../server/customers/facts.ts';
import { stagedOf } from '../server/customers/crawl-pages.ts';

/** In-memory upstreams over the sandbox people, honouring cursors, with a switch to fail mid-way. */
function fakeUpstreams(count: number) {
  const users: GigsUserLike[] = [];
  const subs: GigsSubscriptionLike[] = [];
  const customers: CentraCustomerLike[] = [];
  const contracts: CentraContractItem[] = [];
  for (let i = 0; i < count; i++) {
    const p = person(i);
    if (p.inGigs) {
      const user = { id: `usr_${i}`, email: p.email, fullName: p.fullName };
      users.push(user);
      subs.push({
        id: `sub_${i}`, status: i % 3 ? 'active' : 'ended', phoneNumber: p.phone, sim: { id: `sim_${i}`, iccid: `89883070000${String(i).padStart(8, '0')}` }, user,
        plan: { id: `pln_${i % 2}`, provider: 'p1' }, createdAt: '2026-01-02T03:04:05Z', canceledAt: null, endedAt: i % 3 ? null : '2026-02-01T00:00:00Z',
      });
    }
    if (p.inCentra) {
      customers.push({ customerId: String(i + 1), email: p.centraEmail, firstName: p.firstName, lastName: p.lastName, country: p.country, phoneNumber: p.phone });
      contracts.push({
        customerId: String(i + 1), email: p.centraEmail,
        contract: { id: i + 1, shippingAddress: { country: p.country, phoneNumber: p.phone }, subscriptions: [{ id: 10_000 + i, status: 'active', plan: { id: 7 }, discount: i % 2 ? 10 : 20, lines: [{ item: `it-${i % 4}` }], createdAt: '2026-03-01 10:00:00' }] },
      });
    }
  }
  const fail = { gigsAfterPages: Infinity, centraAfterPages: Infinity };
  const cursorsSeen: Record<string, unknown[]> = {};
  function paged<T>(name: string, items: T[], size: number, system: 'gigs' | 'centra', part: (item: T) => StagedPart | null) {
    return async function* (cursor: unknown): AsyncIterable<Page> {
      (cursorsSeen[name] ??= []).push(cursor);
      let at = (cursor as { skip?: number } | null)?.skip ?? 0;
      let pages = 0;
      while (at < items.length) {
        const limit = system === 'gigs' ? fail.gigsAfterPages : fail.centraAfterPages;
        if (pages >= limit) throw new UpstreamError(system, 'http', 'Injected internal error', { status: 500 });
        const page = items.slice(at, at + size);
        at += page.length;
        pages++;
        await new Promise((r) => setImmediate(r));
        yield { ...stagedOf(page, part), cursor: { skip: at } };
      }
    };
  }
  const sources: CrawlSources = {
    gigsUsers: paged('gigsUsers', users, 50, 'gigs', userPart),
    gigsSubscriptions: paged('gigsSubscriptions', subs, 50, 'gigs', subscriptionPart),
    centraCustomers: paged('centraCustomers', customers, 100, 'centra', customerPart),
    centraContracts: paged('centraContracts', contracts, 100, 'centra', contractPart),
  };
  return { sources, fail, cursorsSeen, users, customers, subs, contracts };
}

function setup(count: number, opts: { dbPath?: string; tuning?: BuildTuning } = {}) {
  const db = openDatabase(opts.dbPath ?? ':memory:');
  const up = fakeUpstreams(count);
  const store = new CustomerStore(db, () => new Date(), opts.tuning);
  const crawler = new Crawler(db, store, up.sources, { clock: () => new Date() });
  const search = new CustomerSearch(db);
  const total = () => (db.$client.prepare('SELECT count(*) AS n FROM customers WHERE search_text IS NOT NULL').get() as { n: number }).n;
  const q = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).all(...args) as T[];
  return { db, up, crawler, search, total, q, store };
}

/** Everything a build writes, in a comparable form (updated_at and row numbers aside: rows are named by e-mail key). */
function indexContents(q: <T>(sql: string) => T[]) {
  return {
    customers: q('SELECT id, email_key, name, name_sort, email, emails, phones, countries, gigs_user_id, centra_customer_id, in_gigs, in_centra, gigs_live, centra_live, gigs, centra, search_text, search_keys, dirty FROM customers ORDER BY email_key'),
    keys: q('SELECT k.key, c.email_key FROM customer_keys k JOIN customers c USING (seq) ORDER BY 1, 2'),
    subscriptions: q('SELECT s.system, s.id, c.email_key, s.plan_id, s.status, s.discount, s.item, s.created_at, s.canceled_at FROM indexed_subscriptions s JOIN customers c ON c.seq = s.customer_seq ORDER BY 1, 2'),
    fts: q(`SELECT c.email_key FROM customers_fts f JOIN customers c ON c.seq = f.rowid WHERE customers_fts MATCH '"ang"' ORDER BY 1`),
  };
}

describe('crawl', () => {
  it('fills the index with one row per person, merged across systems by e-mail', async () => {
    const { crawler, search, total } = setup(600);
    const run = await crawler.run('full');
    expect(run.status).toBe('succeeded');
    expect(total()).toBe(600);
    // Find someone whose Centra e-mail differs in case from the Gigs one: still one customer.
    const p = Array.from({ length: 600 }, (_, i) => person(i)).find((x) => x.inGigs && x.inCentra && x.centraEmail !== x.email)!;
    const row = search.byId(customerIdFor(emailKey(p.email)))!;
    expect(row.systems).toEqual(['gigs', 'centra']);
    expect(row.emails).toEqual(expect.arrayContaining([p.email, p.centraEmail]));
    expect(search.list({ filter: { q: p.centraEmail }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 5 }).total).toBe(1);
    expect(run.counts).toMatchObject({ 'gigs.users': expect.any(Number), 'centra.contracts': expect.any(Number), built: 600 });
  });

  it('stops when an upstream fails mid-crawl, keeps what it had, and the next crawl resumes', async () => {
    const { crawler, up, total, db } = setup(600);
    up.fail.gigsAfterPages = 3;
    const failed = await crawler.run('full');
    expect(failed.status).toBe('failed');
    expect(failed.errors['gigs.users']).toMatch(/Gigs: Injected internal error \(HTTP 500\)/);
    expect(failed.errors['centra.contracts']).toBeUndefined();
    const afterFailure = total();
    expect(afterFailure).toBeGreaterThanOrEqual(up.customers.length); // Centra finished, 150 Gigs users merged
    const state = db.$client.prepare("SELECT cursor, done FROM crawl_state WHERE phase = 'gigs.users'").get() as { cursor: string; done: number };
    expect(JSON.parse(state.cursor)).toEqual({ skip: 150 });
    expect(state.done).toBe(0);

    up.fail.gigsAfterPages = Infinity;
    const resumed = await crawler.run('incremental');
    expect(resumed.status).toBe('succeeded');
    expect(resumed.kind).toBe('full'); // the interrupted full crawl is finished, not replaced
    expect(up.cursorsSeen.gigsUsers!.at(-1)).toEqual({ skip: 150 }); // resumed, not restarted
    expect(up.cursorsSeen.centraCustomers).toHaveLength(1); // Centra phases were done: not re-read
    expect(total()).toBe(600);
    expect(resumed.counts['gigs.users']).toBe(up.users.length - 150);
  });

  it('never empties the index when a later crawl fails at once', async () => {
    const { crawler, up, total } = setup(300);
    await crawler.run('full');
    expect(total()).toBe(300);
    up.fail.gigsAfterPages = 0;
    up.fail.centraAfterPages = 0;
    const run = await crawler.run('full');
    expect(run.status).toBe('failed');
    expect(Object.keys(run.errors).sort()).toEqual(['centra.contracts', 'centra.customers', 'gigs.subscriptions', 'gigs.users']);
    expect(total()).toBe(300);
  });

  it('marks a crawl that was running when the process died as interrupted, and resumes it on start', async () => {
    const { crawler, up, db, total } = setup(300);
    up.fail.gigsAfterPages = 1;
    up.fail.centraAfterPages = 1;
    await crawler.run('full');
    // Simulate a crash: the run row still says running.
    db.$client.prepare("UPDATE crawl_runs SET status = 'running', finished_at = NULL").run();
    up.fail.gigsAfterPages = Infinity;
    up.fail.centraAfterPages = Infinity;
    const next = new Crawler(db, new CustomerStore(db), up.sources, { clock: () => new Date() });
    const run = await next.runOnStart();
    expect(run.status).toBe('succeeded');
    expect(next.ledger.run(1)!.status).toBe('interrupted');
    expect(total()).toBe(300);
  });

  it('tells how far a running crawl got (items read per list, people built), and nothing once it ended', async () => {
    const { crawler, up } = setup(300);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const users = up.sources.gigsUsers;
    up.sources.gigsUsers = async function* (cursor, since) {
      let first = true;
      for await (const page of users(cursor, since)) {
        yield page;
        if (first) await gate;
        first = false;
      }
    };
    expect(crawler.progress).toBeNull();
    const run = crawler.run('full');
    while (!crawler.progress?.['centra.contracts']) await new Promise((r) => setImmediate(r));
    const midway = crawler.progress!;
    expect(midway['centra.contracts']).toBe(up.contracts.length);
    expect(midway['gigs.users'] ?? 0).toBeLessThan(up.users.length); // held after its first page
    expect(midway).not.toHaveProperty('build');
    release();
    await run;
    expect(crawler.progress).toBeNull();
  });

  it('an incremental crawl with nothing new changes no rows', async () => {
    const { crawler, db } = setup(200);
    await crawler.run('full');
    const before = db.$client.prepare('SELECT max(updated_at) AS t FROM customers').get();
    const run = await crawler.run('incremental');
    expect(run.counts.built).toBe(0);
    expect(db.$client.prepare('SELECT max(updated_at) AS t FROM customers').get()).toEqual(before);
  });
});

describe('subscription facts and plan stats', () => {
  it('indexes every subscription of both systems with its plan facts, and recomputes plan_stats after the crawl', async () => {
    const { crawler, up, q, db } = setup(400);
    await crawler.run('full');
    const [gigs] = q<{ n: number }>("SELECT count(*) AS n FROM indexed_subscriptions WHERE system = 'gigs'");
    const [centra] = q<{ n: number }>("SELECT count(*) AS n FROM indexed_subscriptions WHERE system = 'centra'");
    expect(gigs!.n).toBe(up.subs.length);
    expect(centra!.n).toBe(up.contracts.length);
    const ended = up.subs.find((s) => s.status === 'ended')!;
    expect(q("SELECT plan_id, status, discount, item, created_at, canceled_at FROM indexed_subscriptions WHERE system = 'gigs' AND id = ?", ended.id)).toEqual([
      { plan_id: `pln_${Number(ended.id.slice(4)) % 2}`, status: 'ended', discount: null, item: 'p1', created_at: '2026-01-02T03:04:05Z', canceled_at: '2026-02-01T00:00:00Z' },
    ]);
    const c = up.contracts[1]!;
    expect(q("SELECT plan_id, status, discount, item, created_at, canceled_at FROM indexed_subscriptions WHERE system = 'centra' AND id = ?", '10001')).toEqual([
      { plan_id: '7', status: 'active', discount: 10, item: 'it-1', created_at: '2026-03-01 10:00:00', canceled_at: null },
    ]);
    expect(c.contract.id).toBe(2);
    // Every row belongs to the customer it was built with.
    expect(q('SELECT count(*) AS n FROM indexed_subscriptions s LEFT JOIN customers c ON c.seq = s.customer_seq WHERE c.seq IS NULL')).toEqual([{ n: 0 }]);
    const stats = q<{ system: string; plan_id: string; status: string; subscriptions: number; average_discount: number | null }>('SELECT system, plan_id, status, subscriptions, average_discount FROM plan_stats ORDER BY 1, 2, 3');
    expect(stats).toEqual(q('SELECT system, plan_id, status, count(*) AS subscriptions, avg(discount) AS average_discount FROM indexed_subscriptions GROUP BY 1, 2, 3 ORDER BY 1, 2, 3'));
    const discounts = up.contracts.map((k) => k.contract.subscriptions![0]!.discount!);
    expect(stats.find((s) => s.system === 'centra')!.average_discount).toBeCloseTo(discounts.reduce((a, b) => a + b, 0) / discounts.length, 9);
    const run = crawler.ledger.last()!;
    expect(planStatsFreshness(db)! >= run.startedAt && planStatsFreshness(db)! <= run.finishedAt!).toBe(true);
  });

  it('replaces a customer\'s subscription rows when the customer is rebuilt', async () => {
    const { crawler, up, q } = setup(200);
    await crawler.run('full');
    const sub = up.subs[0]!;
    sub.status = 'ended';
    sub.canceledAt = '2026-05-05T00:00:00Z';
    await crawler.run('full');
    expect(q("SELECT status, canceled_at FROM indexed_subscriptions WHERE system = 'gigs' AND id = ?", sub.id)).toEqual([{ status: 'ended', canceled_at: '2026-05-05T00:00:00Z' }]);
    expect(q("SELECT count(*) AS n FROM indexed_subscriptions WHERE system = 'gigs'")).toEqual([{ n: up.subs.length }]);
    expect(q("SELECT sum(subscriptions) AS n FROM plan_stats WHERE system = 'gigs' AND status = 'ended'")).toEqual([{ n: up.subs.filter((s) => s.status === 'ended').length }]);
  });
});

describe('staged pipeline', () => {
  it('a crash in the middle of the build loses nothing: the next start builds the rest from the stage', async () => {
    const { crawler, up, db, total, q, search } = setup(500);
    const indexes = () => q<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").map((r) => r.name);
    const before = indexes();
    // Die after two buckets have been built (the stage keeps the others).
    let drops = 0;
    const realDrop = crawler.stage.drop.bind(crawler.stage);
    crawler.stage.drop = (b: number, id: number) => {
      if (++drops > 2) throw new Error('simulated crash');
      realDrop(b, id);
    };
    await expect(crawler.run('full')).rejects.toThrow('simulated crash');
    expect(total()).toBeLessThan(500);
    // A first build into an empty index drops its secondary indexes until it ends.
    expect(indexes()).not.toContain('customers_name_sort_idx');
    expect(crawler.stage.size()).toBeGreaterThan(0);
    db.$client.prepare("UPDATE crawl_runs SET status = 'running', finished_at = NULL").run();

    const next = new Crawler(db, new CustomerStore(db), up.sources, { clock: () => new Date() });
    expect(indexes()).toEqual(before); // restored as soon as the crawler starts again
    const run = await next.runOnStart();
    expect(run.status).toBe('succeeded');
    expect(total()).toBe(500);
    expect(indexes()).toEqual(before);
    expect(next.stage.size()).toBe(0);
    expect(q("SELECT count(*) AS n FROM indexed_subscriptions")).toEqual([{ n: up.subs.length + up.contracts.length }]);
    // Keys and FTS are complete: an id and a name fragment find their person.
    const p = person(499);
    const found = search.list({ filter: { q: p.inGigs ? 'sub_499' : '500' }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 5 });
    expect(found.rows[0]?.emails.map(emailKey)).toContain(emailKey(p.inGigs ? p.email : p.centraEmail));
    expect(q('SELECT count(*) AS n FROM customer_keys WHERE seq NOT IN (SELECT seq FROM customers)')).toEqual([{ n: 0 }]);
  });

  it('a crawl that fails mid-page keeps every page read before the failure, with its cursor', async () => {
    const { crawler, up, q, db } = setup(400);
    up.fail.centraAfterPages = 2; // 200 customers read, then HTTP 500
    const run = await crawler.run('full');
    expect(run.status).toBe('failed');
    expect(q("SELECT count(*) AS n FROM customers WHERE centra IS NOT NULL")).toEqual([{ n: 200 }]);
    const state = db.$client.prepare("SELECT cursor FROM crawl_state WHERE phase = 'centra.customers'").get() as { cursor: string };
    expect(JSON.parse(state.cursor)).toEqual({ skip: 200 });
  });
});

describe('the build worker', () => {
  it('builds, in a worker thread, the same index as on the main thread: first crawl and incremental', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'subdesk-build-'));
    try {
      const inThread = setup(700, { dbPath: join(dir, 'main.db') });
      // The worker's build also writes the search texts in many small commits.
      const inWorker = setup(700, { dbPath: join(dir, 'worker.db'), tuning: { workerFromStaged: 0, textsPerCommit: 37 } });
      for (const s of [inThread, inWorker]) expect((await s.crawler.run('full')).status).toBe('succeeded');
      expect(indexContents(inWorker.q).customers).toHaveLength(700);
      expect(indexContents(inWorker.q)).toEqual(indexContents(inThread.q));
      // Upstream changes: a renamed user and a cancelled subscription, seen by the next crawl.
      for (const s of [inThread, inWorker]) {
        s.up.users[3]!.fullName = 'Renamed Person';
        s.up.subs[5]!.status = 'ended';
        expect((await s.crawler.run('incremental')).status).toBe('succeeded');
      }
      expect(inWorker.q("SELECT count(*) AS n FROM customers WHERE name = 'Renamed Person'")).toEqual([{ n: 1 }]);
      expect(indexContents(inWorker.q)).toEqual(indexContents(inThread.q));
      for (const s of [inThread, inWorker]) s.db.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a first build into an empty index writes exactly what a build into an index that has rows writes', async () => {
    const packed = setup(500);
    const oneByOne = setup(500);
    // One person already indexed makes the second build merge into existing rows, person by person.
    const first = oneByOne.up.users[0]!;
    oneByOne.store.merge('gigs', new Map([[emailKey(first.email), () => ({ subs: {}, u: first.id, e: first.email, n: first.fullName ?? null })]]));
    oneByOne.store.buildKey(emailKey(first.email));
    for (const s of [packed, oneByOne]) expect((await s.crawler.run('full')).status).toBe('succeeded');
    const a = indexContents(packed.q);
    expect(a.customers).toHaveLength(500);
    expect(a.subscriptions).toHaveLength(packed.up.subs.length + packed.up.contracts.length);
    expect(a.fts.length).toBeGreaterThan(0);
    expect(indexContents(oneByOne.q)).toEqual(a);
  });

  it('a customer refreshed while the build runs keeps the refresh: the build recomputes from the row as it is now', async () => {
    const { crawler, up, store, q } = setup(600);
    await crawler.run('full');
    const sub = up.subs.find((s) => s.status === 'active')!;
    const target = sub.user as GigsUserLike;
    const bucket = bucketOf(emailKey(target.email));
    const refreshedSub = { ...sub, id: 'sub_refreshed_meanwhile' };
    sub.status = 'ended';
    // The refresh lands after the target's bucket was computed and before it is written.
    const compute = BucketComputer.prototype.compute;
    let refreshed = false;
    const spy = vi.spyOn(BucketComputer.prototype, 'compute').mockImplementation(function (this: BucketComputer, b: number, fresh: boolean) {
      const built = compute.call(this, b, fresh);
      if (b === bucket && !refreshed) {
        refreshed = true;
        store.merge('gigs', gigsSubscriptionUpdates([refreshedSub]));
      }
      return built;
    });
    try {
      expect((await crawler.run('incremental')).status).toBe('succeeded');
    } finally {
      spy.mockRestore();
    }
    expect(refreshed).toBe(true);
    const [row] = q<{ gigs: string }>('SELECT gigs FROM customers WHERE email_key = ?', emailKey(target.email));
    const subs = JSON.parse(row!.gigs).subs;
    expect(subs[sub.id].s).toBe('ended'); // the crawl's change
    expect(Object.keys(subs)).toContain('sub_refreshed_meanwhile'); // the refresh's
  });
});

describe('plan_stats after refreshes', () => {
  it('recomputes at most once a minute, off the request', async () => {
    const { vi } = await import('vitest');
    const { schedulePlanStats, recomputePlanStats } = await import('../server/customers/plan-stats.ts');
    vi.useFakeTimers();
    try {
      const db = openDatabase(':memory:');
      let now = Date.parse('2026-06-01T00:00:00Z');
      const clock = () => new Date(now);
      db.$client.prepare(`INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status) VALUES ('gigs', 's1', 1, 'pln_a', 'active')`).run();
      recomputePlanStats(db, clock);
      db.$client.prepare(`INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status) VALUES ('gigs', 's0', 1, 'pln_b', 'active')`).run();
      schedulePlanStats(db, clock);
      schedulePlanStats(db, clock); // joins the pending recount
      expect(planStatsFreshness(db)).toBe('2026-06-01T00:00:00.000Z'); // not on the request
      now += 1_000;
      vi.advanceTimersByTime(1_000);
      expect(planStatsFreshness(db)).toBe('2026-06-01T00:00:01.000Z');
      db.$client.prepare(`INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status) VALUES ('gigs', 's2', 1, 'pln_a', 'active')`).run();
      schedulePlanStats(db, clock);
      now += 30_000;
      vi.advanceTimersByTime(30_000);
      expect(planStatsFreshness(db)).toBe('2026-06-01T00:00:01.000Z'); // a minute has not passed
      now += 30_000;
      vi.advanceTimersByTime(30_000);
      expect(db.$client.prepare("SELECT subscriptions FROM plan_stats WHERE plan_id = 'pln_a'").get()).toEqual({ subscriptions: 2 });
      expect(planStatsFreshness(db)).toBe('2026-06-01T00:01:01.000Z');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('crawl sources over the real clients', () => {
  it('Gigs lists resume after the last id staged, read only the fields the index keeps, and prefetch the next page', async () => {
    const { GigsClient } = await import('../server/upstream/gigs.ts');
    const { CentraClient } = await import('../server/upstream/centra.ts');
    const { clientSources } = await import('../server/customers/crawl-sources.ts');
    const users = Array.from({ length: 5 }, (_, i) => ({ object: 'user', id: `usr_${i}`, email: `u${i}@example.com`, fullName: `U ${i}`, somethingNew: { deep: true } }));
    const asked: string[] = [];
    const fakeFetch = (async (url: string) => {
      const u = new URL(url);
      asked.push(u.searchParams.get('after') ?? '');
      const after = u.searchParams.get('after');
      const from = after ? users.findIndex((x) => x.id === after) + 1 : 0;
      const items = users.slice(from, from + 2);
      const more = from + 2 < users.length ? items[items.length - 1]!.id : null;
      return new Response(JSON.stringify({ object: 'list', items, moreItemsAfter: more, moreItemsBefore: null }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as unknown as typeof fetch;
    const gigs = new GigsClient({ baseUrl: 'http://gigs.test', project: 'p', apiKey: 'k', timeoutMs: 1000, fetch: fakeFetch });
    const centra = new CentraClient({ shopUrl: 'http://c.test/shop', orderUrl: 'http://c.test/order', apiKey: 'k', integrationUrl: 'http://c.test/graphql', integrationToken: 't', timeoutMs: 1000 });
    const pages: { ids: string[]; keys: string[]; cursor: unknown }[] = [];
    for await (const page of clientSources(gigs, centra).gigsUsers({ after: 'usr_0' }, undefined)) {
      pages.push({ ids: page.parts.map((p) => JSON.parse(p).u), keys: page.keys, cursor: page.cursor });
      expect(JSON.parse(page.parts[0]!)).toEqual({ t: 'gu', u: expect.any(String), e: expect.any(String), n: expect.any(String) });
    }
    expect(pages).toEqual([
      { ids: ['usr_1', 'usr_2'], keys: ['u1@example.com', 'u2@example.com'], cursor: { after: 'usr_2' } },
      { ids: ['usr_3', 'usr_4'], keys: ['u3@example.com', 'u4@example.com'], cursor: { after: 'usr_4' } },
    ]);
    expect(asked).toEqual(['usr_0', 'usr_2']);
  });

  it('reads the next Gigs cursor from the end of a page\'s bytes, before the page is parsed, only where it really is', async () => {
    const { peekMoreItemsAfter } = await import('../server/customers/crawl-sources.ts');
    const bytes = (o: unknown) => new TextEncoder().encode(JSON.stringify(o)).buffer as ArrayBuffer;
    const items = Array.from({ length: 50 }, (_, i) => ({ id: `usr_${i}`, email: `u${i}@example.com`, fullName: i === 49 ? '"moreItemsAfter":"usr_fake",' : 'x' }));
    expect(peekMoreItemsAfter(bytes({ object: 'list', items, moreItemsAfter: 'usr_49', moreItemsBefore: null }))).toBe('usr_49');
    expect(peekMoreItemsAfter(bytes({ object: 'list', items, moreItemsAfter: null, moreItemsBefore: 'usr_0' }))).toBeNull();
    // Sent first, far from the end: unknown, so the crawl waits for the parse.
    expect(peekMoreItemsAfter(bytes({ moreItemsAfter: 'usr_49', items }))).toBeUndefined();
  });

  it('a page that is not JSON, or not the shape, is a malformed answer naming where (parsed off the main thread)', async () => {
    const { GigsClient } = await import('../server/upstream/gigs.ts');
    const { CentraClient } = await import('../server/upstream/centra.ts');
    const { clientSources } = await import('../server/customers/crawl-sources.ts');
    const answer = (body: string) => (async () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } })) as unknown as typeof fetch;
    const centra = new CentraClient({ shopUrl: 'http://c.test/shop', orderUrl: 'http://c.test/order', apiKey: 'k', integrationUrl: 'http://c.test/graphql', integrationToken: 't', timeoutMs: 1000 });
    const firstPage = async (body: string) => {
      const gigs = new GigsClient({ baseUrl: 'http://gigs.test', project: 'p', apiKey: 'k', timeoutMs: 1000, fetch: answer(body) });
      for await (const page of clientSources(gigs, centra).gigsUsers(null, undefined)) return page;
    };
    await expect(firstPage('{"items": [')).rejects.toMatchObject({ name: 'UpstreamError', kind: 'malformed', message: expect.stringContaining('not JSON') });
    await expect(firstPage(JSON.stringify({ items: [{ id: 'usr_1', fullName: 'No Email' }] }))).rejects.toMatchObject({ kind: 'malformed', message: expect.stringContaining('items.0.email') });
    expect((await firstPage(JSON.stringify({ items: [{ id: 'usr_1', email: ' Mixed@Example.com ' }], moreItemsAfter: null })))?.keys).toEqual(['mixed@example.com']);
  });
});
