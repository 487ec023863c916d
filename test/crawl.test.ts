import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db/connection.ts';
import { CustomerStore } from '../server/customers/index/store.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { planStatsFreshness } from '../server/customers/index/plan-stats.ts';
import { person } from '../server/sandbox/people.ts';
import { crawlerOn, holdAfterEachPage, setupCrawl as setup } from './helpers/crawl-fakes.ts';

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
    const next = crawlerOn(db, new CustomerStore(db), up.sources).crawler;
    const run = await next.runOnStart();
    expect(run.status).toBe('succeeded');
    expect((await next.ledger.run(1))!.status).toBe('interrupted');
    expect(total()).toBe(300);
  });

  it("records a list's reason for stopping while the others still read, so a crash before the end keeps it", async () => {
    const { crawler, up } = setup(300);
    up.fail.gigsAfterPages = 1;
    const release = holdAfterEachPage(up.sources, 'centraContracts');
    const run = crawler.run('full');
    let running = await crawler.ledger.last();
    while (!running?.errors['gigs.users']) {
      await new Promise((r) => setImmediate(r));
      running = await crawler.ledger.last();
    }
    expect(running).toMatchObject({ status: 'running', errors: { 'gigs.users': 'Gigs: Injected internal error (HTTP 500)' } });
    release();
    expect((await run).errors).toMatchObject(running.errors);
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

  it('another instance on the same database tells that a crawl runs and how far its lists got', async () => {
    const { crawler, up, db, store } = setup(300);
    const other = crawlerOn(db, store, up.sources).crawler;
    expect(await other.activity()).toEqual({ running: false, progress: null });
    const release = holdAfterEachPage(up.sources, 'gigsUsers');
    const run = crawler.run('full');
    let seen = await other.activity();
    while (!seen.progress?.['centra.contracts']) {
      await new Promise((r) => setImmediate(r));
      seen = await other.activity();
    }
    expect(seen.running).toBe(true);
    expect(seen.progress).toMatchObject({ 'centra.contracts': up.contracts.length, 'gigs.users': 0 });
    release();
    await run;
    expect(await other.activity()).toEqual({ running: false, progress: null });
  });

  it('an incremental crawl with nothing new changes no rows', async () => {
    const { crawler, db } = setup(200);
    await crawler.run('full');
    const before = db.$client.prepare('SELECT max(updated_at) AS t FROM customers').get();
    const run = await crawler.run('incremental');
    expect(run.counts.built).toBe(0);
    expect(db.$client.prepare('SELECT max(updated_at) AS t FROM customers').get()).toEqual(before);
  });

  it('a later crawl reads all of Gigs again but stages only the Gigs items that change something', async () => {
    const { crawler, stage, up, q } = setup(300);
    await crawler.run('full');
    const staged: string[] = [];
    const add = stage.add.bind(stage);
    stage.add = (keys: string[], parts: string[]) => {
      staged.push(...parts.filter((p) => JSON.parse(p).t.startsWith('g')));
      add(keys, parts);
    };
    const nothingNew = await crawler.run('incremental');
    expect(nothingNew.counts['gigs.subscriptions']).toBe(up.subs.length); // read whole
    expect(staged).toEqual([]);
    // One subscription ends; another person is renamed (their user and, embedded, their subscription).
    const ending = up.subs.find((s) => s.status === 'active')!;
    ending.status = 'ended';
    const renamed = up.users.find((u) => u.id !== (ending.user as { id: string }).id)!;
    renamed.fullName = 'Renamed Meanwhile';
    const run = await crawler.run('incremental');
    expect(staged.map((p) => JSON.parse(p).t).sort()).toEqual(['gs', 'gs', 'gu']);
    expect(run.counts.built).toBe(2);
    expect(q('SELECT count(*) AS n FROM customers WHERE name = ?', 'Renamed Meanwhile')).toEqual([{ n: 1 }]);
    expect(q('SELECT status FROM indexed_subscriptions WHERE id = ?', ending.id)).toEqual([{ status: 'ended' }]);
  });
});

describe('people an upstream no longer knows', () => {
  /** Takes a person out of one system of the fake upstreams; returns their e-mail key. */
  function remove(up: ReturnType<typeof setup>['up'], system: 'gigs' | 'centra', index: number) {
    const p = person(index);
    const out = <T>(list: T[], gone: (item: T) => boolean) => list.splice(0, list.length, ...list.filter((x) => !gone(x)));
    if (system === 'gigs') {
      out(up.users, (u) => u.email === p.email);
      out(up.subs, (s) => (s.user as { email: string }).email === p.email);
    } else {
      out(up.customers, (c) => c.email === p.centraEmail);
      out(up.contracts, (c) => c.email === p.centraEmail);
    }
    return emailKey(p.email);
  }
  const indexOf = (test: (p: ReturnType<typeof person>) => boolean) => Array.from({ length: 300 }, (_, i) => person(i)).findIndex(test);

  it('a full crawl forgets what a system no longer mentions; the row stays, found by its e-mail only', async () => {
    const { crawler, up, search, q } = setup(300);
    await crawler.run('full');
    const gigsOnly = indexOf((p) => p.inGigs && !p.inCentra);
    const both = indexOf((p) => p.inGigs && p.inCentra && p.index > 0);
    const erased = remove(up, 'gigs', gigsOnly);
    const leftCentra = remove(up, 'centra', both);
    const row = (key: string) =>
      q<{ in_gigs: number; in_centra: number; name: string | null; centra: string | null }>(
        'SELECT in_gigs, in_centra, name, centra FROM customers WHERE email_key = ?',
        key,
      )[0]!;
    expect(row(erased)).toMatchObject({ in_gigs: 1, name: person(gigsOnly).fullName });

    // An incremental crawl reads only changes from Centra, and does not forget.
    const incremental = await crawler.run('incremental');
    expect(incremental.counts.forgotten).toBeUndefined();
    expect(row(erased).in_gigs).toBe(1);

    const full = await crawler.run('full');
    expect(full.status).toBe('succeeded');
    expect(full.counts.forgotten).toBe(2);
    expect(row(erased)).toMatchObject({ in_gigs: 0, in_centra: 0, name: null });
    expect(row(leftCentra)).toMatchObject({ in_gigs: 1, in_centra: 0, centra: null });
    const byName = (name: string) => search.list({ filter: { q: name }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 5 }).rows.map((r) => r.id);
    expect(byName(person(gigsOnly).fullName)).not.toContain(customerIdFor(erased));
    expect(byName(erased)).toEqual([customerIdFor(erased)]);
    expect(search.byId(customerIdFor(erased))!.systems).toEqual([]);
    expect(q('SELECT count(*) AS n FROM indexed_subscriptions s JOIN customers c ON c.seq = s.customer_seq WHERE c.email_key = ?', erased)).toEqual([{ n: 0 }]);
    expect(
      q(
        "SELECT count(*) AS n FROM indexed_subscriptions s JOIN customers c ON c.seq = s.customer_seq WHERE c.email_key = ? AND s.system = 'centra'",
        leftCentra,
      ),
    ).toEqual([{ n: 0 }]);
    // Everyone else is as they were.
    expect(q('SELECT count(*) AS n FROM customers WHERE in_gigs = 1 OR in_centra = 1')).toEqual([{ n: 299 }]);
  });

  it('forgets nothing after a crawl that failed, nor when it is resumed', async () => {
    const { crawler, up, q } = setup(300);
    await crawler.run('full');
    const erased = remove(
      up,
      'gigs',
      indexOf((p) => p.inGigs && !p.inCentra),
    );
    up.fail.centraAfterPages = 1;
    const failed = await crawler.run('full');
    expect(failed.status).toBe('failed');
    expect(failed.counts.forgotten).toBeUndefined();
    up.fail.centraAfterPages = Infinity;
    const resumed = await crawler.run('full');
    expect(resumed.status).toBe('succeeded');
    expect(resumed.counts.forgotten).toBeUndefined(); // Gigs was read before the failure: not in this run's sets
    expect(q('SELECT in_gigs FROM customers WHERE email_key = ?', erased)).toEqual([{ in_gigs: 1 }]);
    expect((await crawler.run('full')).counts.forgotten).toBe(1);
  });

  it('leaves a person written since the crawl started (a refresh read them live)', async () => {
    const { crawler, up, store, q } = setup(100);
    await crawler.run('full');
    const erased = remove(
      up,
      'gigs',
      indexOf((p) => p.inGigs && !p.inCentra && p.index < 100),
    );
    const startedBefore = new Date(Date.now() - 60_000).toISOString();
    const seenNone = { gigs: new Set<string>(), centra: new Set<string>() };
    expect(await store.forgetUnseen(seenNone, startedBefore)).toBe(0);
    expect(q('SELECT in_gigs FROM customers WHERE email_key = ?', erased)).toEqual([{ in_gigs: 1 }]);
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
      {
        plan_id: `pln_${Number(ended.id.slice(4)) % 2}`,
        status: 'ended',
        discount: null,
        item: 'p1',
        created_at: '2026-01-02T03:04:05Z',
        canceled_at: '2026-02-01T00:00:00Z',
      },
    ]);
    const c = up.contracts[1]!;
    expect(q("SELECT plan_id, status, discount, item, created_at, canceled_at FROM indexed_subscriptions WHERE system = 'centra' AND id = ?", '10001')).toEqual(
      [{ plan_id: '7', status: 'active', discount: 10, item: 'it-1', created_at: '2026-03-01 10:00:00', canceled_at: null }],
    );
    expect(c.contract.id).toBe(2);
    // Every row belongs to the customer it was built with.
    expect(q('SELECT count(*) AS n FROM indexed_subscriptions s LEFT JOIN customers c ON c.seq = s.customer_seq WHERE c.seq IS NULL')).toEqual([{ n: 0 }]);
    const stats = q<{ system: string; plan_id: string; status: string; subscriptions: number; average_discount: number | null }>(
      'SELECT system, plan_id, status, subscriptions, average_discount FROM plan_stats ORDER BY 1, 2, 3',
    );
    expect(stats).toEqual(
      q(
        'SELECT system, plan_id, status, count(*) AS subscriptions, avg(discount) AS average_discount FROM indexed_subscriptions GROUP BY 1, 2, 3 ORDER BY 1, 2, 3',
      ),
    );
    const discounts = up.contracts.map((k) => k.contract.subscriptions![0]!.discount!);
    expect(stats.find((s) => s.system === 'centra')!.average_discount).toBeCloseTo(discounts.reduce((a, b) => a + b, 0) / discounts.length, 9);
    const run = (await crawler.ledger.last())!;
    expect(planStatsFreshness(db)! >= run.startedAt && planStatsFreshness(db)! <= run.finishedAt!).toBe(true);
  });

  it("replaces a customer's subscription rows when the customer is rebuilt", async () => {
    const { crawler, up, q } = setup(200);
    await crawler.run('full');
    const sub = up.subs[0]!;
    sub.status = 'ended';
    sub.canceledAt = '2026-05-05T00:00:00Z';
    await crawler.run('full');
    expect(q("SELECT status, canceled_at FROM indexed_subscriptions WHERE system = 'gigs' AND id = ?", sub.id)).toEqual([
      { status: 'ended', canceled_at: '2026-05-05T00:00:00Z' },
    ]);
    expect(q("SELECT count(*) AS n FROM indexed_subscriptions WHERE system = 'gigs'")).toEqual([{ n: up.subs.length }]);
    expect(q("SELECT sum(subscriptions) AS n FROM plan_stats WHERE system = 'gigs' AND status = 'ended'")).toEqual([
      { n: up.subs.filter((s) => s.status === 'ended').length },
    ]);
  });
});

describe('plan_stats after refreshes', () => {
  it('recomputes at most once a minute, off the request', async () => {
    const { vi } = await import('vitest');
    const { PlanStatsSchedule, recomputePlanStats } = await import('../server/customers/index/plan-stats.ts');
    vi.useFakeTimers();
    try {
      const db = openDatabase(':memory:');
      let now = Date.parse('2026-06-01T00:00:00Z');
      const clock = () => new Date(now);
      db.$client.prepare(`INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status) VALUES ('gigs', 's1', 1, 'pln_a', 'active')`).run();
      recomputePlanStats(db, clock);
      const schedule = new PlanStatsSchedule(() => recomputePlanStats(db, clock), clock);
      db.$client.prepare(`INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status) VALUES ('gigs', 's0', 1, 'pln_b', 'active')`).run();
      schedule.soon();
      schedule.soon(); // joins the pending recount
      expect(planStatsFreshness(db)).toBe('2026-06-01T00:00:00.000Z'); // not on the request
      now += 1_000;
      vi.advanceTimersByTime(1_000);
      expect(planStatsFreshness(db)).toBe('2026-06-01T00:00:01.000Z');
      db.$client.prepare(`INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status) VALUES ('gigs', 's2', 1, 'pln_a', 'active')`).run();
      schedule.soon();
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
