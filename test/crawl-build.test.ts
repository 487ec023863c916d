import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CustomerStore } from '../server/customers/index/store.ts';
import { bucketOf } from '../server/customers/crawl/stage.ts';
import { BucketComputer } from '../server/customers/index/bucket-build.ts';
import { gigsSubscriptionUpdates, type GigsUserLike } from '../server/customers/index/facts.ts';
import { emailKey } from '../server/customers/normalise.ts';
import { person } from '../server/sandbox/people.ts';
import { crawlerOn, fakeUpstreams, indexContents, setupCrawl as setup } from './helpers/crawl-fakes.ts';
import { openDatabase } from '../db/connection.ts';

/** Building the staged crawl into the index: crash safety, the worker thread, first and later builds. */
describe('staged pipeline', () => {
  it('a crash in the middle of the build loses nothing: the next start builds the rest from the stage', async () => {
    const { crawler, stage, up, db, total, q, search } = setup(500);
    const indexes = () => q<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").map((r) => r.name);
    const before = indexes();
    // Die after two buckets have been built (the stage keeps the others).
    let drops = 0;
    const realDrop = stage.drop.bind(stage);
    stage.drop = (b: number, id: number) => {
      if (++drops > 2) throw new Error('simulated crash');
      realDrop(b, id);
    };
    await expect(crawler.run('full')).rejects.toThrow('simulated crash');
    expect(total()).toBeLessThan(500);
    // A first build into an empty index drops its secondary indexes until it ends.
    expect(indexes()).not.toContain('customers_name_sort_idx');
    expect(stage.size()).toBeGreaterThan(0);
    db.$client.prepare("UPDATE crawl_runs SET status = 'running', finished_at = NULL").run();

    const next = crawlerOn(db, new CustomerStore(db), up.sources);
    expect(indexes()).toEqual(before); // restored as soon as the crawler starts again
    const run = await next.crawler.runOnStart();
    expect(run.status).toBe('succeeded');
    expect(total()).toBe(500);
    expect(indexes()).toEqual(before);
    expect(next.stage.size()).toBe(0);
    expect(q('SELECT count(*) AS n FROM indexed_subscriptions')).toEqual([{ n: up.subs.length + up.contracts.length }]);
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
    expect(q('SELECT count(*) AS n FROM customers WHERE centra IS NOT NULL')).toEqual([{ n: 200 }]);
    const state = db.$client.prepare("SELECT cursor FROM crawl_state WHERE phase = 'centra.customers'").get() as { cursor: string };
    expect(JSON.parse(state.cursor)).toEqual({ skip: 200 });
  });
});

describe('indexes a first build drops', () => {
  it('come back at its end; a subscription written twice meanwhile (it moved to another person) is kept once, as written last', () => {
    const { stage, db, q } = setup(0);
    const indexes = () =>
      q<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").map((r) => r.name);
    const before = indexes();
    db.$client.transaction(() => stage.dropIndexesForBulk()).immediate();
    expect(indexes()).not.toContain('indexed_subscriptions_id_idx');
    const insert = db.$client.prepare("INSERT INTO indexed_subscriptions (system, id, customer_seq, status) VALUES ('gigs', ?, ?, 'active')");
    insert.run('sub_1', 1);
    insert.run('sub_2', 1);
    insert.run('sub_1', 2);
    stage.restoreIndexes();
    expect(indexes()).toEqual(before);
    expect(q('SELECT id, customer_seq FROM indexed_subscriptions ORDER BY id')).toEqual([
      { id: 'sub_1', customer_seq: 2 },
      { id: 'sub_2', customer_seq: 1 },
    ]);
  });
});

describe('a stage left by an older version', () => {
  it('is carried on: one row per item becomes one-item batches, and new rows that waited for their text are rebuilt', async () => {
    const reference = setup(300);
    expect((await reference.crawler.run('full')).status).toBe('succeeded');

    // The older stage: one row per item, in crawl order, as it was left by a crash.
    const db = openDatabase(':memory:');
    const up = fakeUpstreams(300);
    db.$client.exec(
      'CREATE TABLE crawl_stage_rows (bucket INTEGER NOT NULL, id INTEGER NOT NULL, key TEXT NOT NULL, part TEXT NOT NULL, PRIMARY KEY (bucket, id)) WITHOUT ROWID',
    );
    const insert = db.$client.prepare('INSERT INTO crawl_stage_rows VALUES (?, ?, ?, ?)');
    let id = 0;
    for (const source of Object.values(up.sources)) {
      for await (const page of source(null, undefined)) page.keys.forEach((key, i) => insert.run(bucketOf(key), ++id, key, page.parts[i]));
    }
    const store = new CustomerStore(db);
    const { stage } = crawlerOn(db, store, up.sources);
    expect(stage.size()).toBe(id);
    await store.buildStaged(stage);
    const q = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).all(...args) as T[];
    expect(indexContents(q)).toEqual(indexContents(reference.q));

    // A new row whose text and keys waited in the older crawl_stage_new_rows when it stopped.
    const [row] = q<{ seq: number; search_text: string; search_keys: string }>('SELECT seq, search_text, search_keys FROM customers ORDER BY seq LIMIT 1');
    db.$client.exec(`INSERT INTO customers_fts (customers_fts, rowid, search_text) VALUES ('delete', ${row!.seq}, '${row!.search_text}');
      DELETE FROM customer_keys WHERE seq = ${row!.seq}; UPDATE customers SET search_text = NULL WHERE seq = ${row!.seq};
      CREATE TABLE crawl_stage_new_rows (seq INTEGER PRIMARY KEY, text TEXT NOT NULL, keys TEXT NOT NULL);
      INSERT INTO crawl_stage_new_rows VALUES (${row!.seq}, 'x', '[]');`);
    crawlerOn(db, store, up.sources);
    expect(await store.buildAll()).toBe(1);
    expect(indexContents(q)).toEqual(indexContents(reference.q));
  });
});

describe('the build worker', () => {
  it('builds, in a worker thread, the same index as on the main thread: first crawl and incremental', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'subdesk-build-'));
    try {
      const inThread = setup(700, { dbPath: join(dir, 'main.db') });
      // The worker's build also commits people and sorted keys in many small transactions.
      const inWorker = setup(700, { dbPath: join(dir, 'worker.db'), tuning: { workerFromStaged: 0, peoplePerCommit: 37, keysPerCommit: 101 } });
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

  it.each([
    ['on the main thread', 'flushKeys', {}],
    ['sorted by the worker, appended in chunks', 'appendSortedKeys', { workerFromStaged: 0, keysPerCommit: 7 }],
  ] as const)(
    'a customer refreshed during a first build, before the new rows get their keys (%s), ends with exactly its current keys',
    async (_, step, tuning) => {
      const dir = mkdtempSync(join(tmpdir(), 'subdesk-keys-'));
      const { crawler, stage: crawlStage, up, store, q, search, db } = setup(300, { dbPath: join(dir, 'index.db'), tuning });
      try {
        const sub = up.subs.find((s) => s.status === 'active')!;
        const key = emailKey((sub.user as GigsUserLike).email);
        const oldIccid = sub.sim!.iccid!;
        const stage = crawlStage as unknown as Record<string, (...args: unknown[]) => unknown>;
        const original = stage[step]!.bind(crawlStage);
        let refreshed = false;
        stage[step] = (...args: unknown[]) => {
          // The SIM was swapped: the refresh replaces the row's ICCID key, which still waits (or was sorted already).
          store.merge('gigs', gigsSubscriptionUpdates([{ ...sub, sim: { id: 'sim_swapped', iccid: '89883070009999999999' } }]));
          store.buildKey(key);
          refreshed = true;
          return original(...args);
        };
        expect((await crawler.run('full')).status).toBe('succeeded');
        expect(refreshed).toBe(true);
        const [row] = q<{ seq: number; search_keys: string }>('SELECT seq, search_keys FROM customers WHERE email_key = ?', key);
        const indexed = q<{ key: string }>('SELECT key FROM customer_keys WHERE seq = ? ORDER BY key', row!.seq).map((k) => k.key);
        expect(indexed).toEqual(row!.search_keys.split(' ').sort());
        expect(indexed).toContain('89883070009999999999');
        expect(indexed).not.toContain(oldIccid);
        const hit = search.list({ filter: { q: '89883070009999999999' }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: 5 });
        expect(hit.rows).toHaveLength(1);
        // Every other new row got all its keys, and nothing waits any more.
        expect(q('SELECT count(*) AS n FROM customer_keys')).toEqual([
          { n: q<{ k: string }>('SELECT search_keys AS k FROM customers').reduce((n, r) => n + r.k.split(' ').length, 0) },
        ]);
        expect(q('SELECT (SELECT count(*) FROM crawl_stage_new_keys) + (SELECT count(*) FROM crawl_stage_rebuilt) AS n')).toEqual([{ n: 0 }]);
        expect(existsSync(join(dir, 'index.db-keysort'))).toBe(false);
      } finally {
        db.$client.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
