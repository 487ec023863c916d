import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../server/storage/engine.ts';
import { type CrawlStores, INTERRUPTED_REASON, type StagedBatch } from '../../../server/customers/crawl/store/index.ts';
import type { CentraFacts } from '../../../server/customers/types.ts';
import type { EngineMaker } from '../engines.ts';

/** The crawl's stores on an engine (each test file builds them as the server does). */
export type CrawlStoresOf = (engine: Engine) => CrawlStores;

/** Two instances' engines on one database. */
export type SharedEngineMaker = () => Promise<{ first: Engine; second: Engine; close(): Promise<void> }>;

const T0 = '2026-12-05T10:00:00.000Z';
const T1 = '2026-12-05T10:05:00.000Z';
const T2 = '2026-12-05T10:10:00.000Z';

/** Rows of a query, on either engine (fixtures and checks only: the stores are what is tested). */
async function rows<T>(engine: Engine, query: string): Promise<T[]> {
  if (engine.kind === 'sqlite') return engine.db.$client.prepare(query).all() as T[];
  return (await engine.db.$client.query(query)).rows as T[];
}

/** Index rows with these Centra facts (null: a Gigs-only person). */
async function customers(engine: Engine, people: [key: string, centra: CentraFacts | null][]) {
  for (const [key, centra] of people) {
    const facts = centra ? JSON.stringify(centra) : null;
    if (engine.kind === 'sqlite')
      engine.db.$client.prepare('INSERT INTO customers (id, email_key, centra, updated_at) VALUES (?, ?, ?, ?)').run(`cus_${key}`, key, facts, T0);
    else
      await engine.db.$client.query('INSERT INTO customers (id, email_key, centra, updated_at) VALUES ($1, $2, $3::jsonb, $4)', [`cus_${key}`, key, facts, T0]);
  }
}

const batch = (...keys: string[]): StagedBatch => ({ keys, parts: keys.map((k) => JSON.stringify({ t: 'cc', key: k })) });
const facts = (e: string): CentraFacts => ({ e, k: {} }) as unknown as CentraFacts;

/** What the crawl's stores answer, the same on every engine. */
export function crawlStoreContract(make: EngineMaker, storesOf: CrawlStoresOf) {
  let open: Awaited<ReturnType<EngineMaker>> | null = null;
  const fresh = async () => {
    open = await make();
    return { engine: open.engine, ...storesOf(open.engine) };
  };
  afterEach(async () => {
    await open?.close();
    open = null;
  });

  describe('the crawl ledger', () => {
    it('knows no crawl and no list before the first', async () => {
      const { ledger } = await fresh();
      expect(await ledger.phases()).toEqual([]);
      expect(await ledger.last()).toBeNull();
      expect(await ledger.lastSucceeded()).toBeNull();
    });

    it('a new crawl starts every list from the beginning; a staged batch moves its list past it, cursor and count', async () => {
      const { ledger } = await fresh();
      const id = await ledger.begin('full', T0, false);
      expect(await ledger.run(id)).toEqual({ id, kind: 'full', status: 'running', startedAt: T0, finishedAt: null, durationMs: null, counts: {}, errors: {} });
      const start = (await ledger.phases()).sort((a, b) => a.phase.localeCompare(b.phase));
      expect(start).toEqual(
        ['centra.contracts', 'centra.customers', 'gigs.subscriptions', 'gigs.users'].map((phase) => ({
          phase,
          runId: id,
          cursor: null,
          done: false,
          items: 0,
        })),
      );
      await ledger.stageBatch('gigs.users', batch('a@x', 'b@x'), { cursor: { page: 'p2', after: 'usr_9' }, items: 2, done: false }, T1);
      await ledger.stageBatch('centra.customers', batch('c@x'), { cursor: 7, items: 1, done: true }, T1);
      await ledger.markDone('gigs.subscriptions');
      const byPhase = Object.fromEntries((await ledger.phases()).map((p) => [p.phase, p]));
      expect(byPhase['gigs.users']).toMatchObject({ cursor: { page: 'p2', after: 'usr_9' }, items: 2, done: false });
      expect(byPhase['centra.customers']).toMatchObject({ cursor: 7, items: 1, done: true });
      expect(byPhase['gigs.subscriptions']).toMatchObject({ cursor: null, done: true });
      expect(byPhase['centra.contracts']).toMatchObject({ cursor: null, done: false });
    });

    it('stages each batch as one row per bucket, in crawl order, with every part once', async () => {
      const { ledger, engine } = await fresh();
      await ledger.begin('full', T0, false);
      const keys = Array.from({ length: 300 }, (_, i) => `p${i}@x`);
      await ledger.stageBatch('gigs.users', batch(...keys.slice(0, 200)), { cursor: 1, items: 200, done: false }, T1);
      await ledger.stageBatch('gigs.users', batch(...keys.slice(200)), { cursor: 2, items: 300, done: true }, T1);
      const staged = await rows<{ bucket: number; id: number; items: number; keys: string }>(
        engine,
        'SELECT bucket, id, items, keys FROM crawl_stage_batches ORDER BY id, bucket',
      );
      const ids = [...new Set(staged.map((r) => Number(r.id)))];
      expect(ids).toHaveLength(2);
      expect(ids[0]).toBeLessThan(ids[1]!);
      expect(staged.flatMap((r) => JSON.parse(r.keys) as string[]).sort()).toEqual([...keys].sort());
      expect(staged.reduce((n, r) => n + Number(r.items), 0)).toBe(300);
      // One row per bucket per batch.
      for (const id of ids) {
        const buckets = staged.filter((r) => Number(r.id) === id).map((r) => r.bucket);
        expect(new Set(buckets).size).toBe(buckets.length);
      }
    });

    it('records how a crawl ended; the last succeeded one is found past a later failure', async () => {
      const { ledger } = await fresh();
      const first = await ledger.begin('full', T0, false);
      await ledger.finish(first, { status: 'succeeded', finishedAt: T1, durationMs: 300_000, counts: { 'gigs.users': 2, built: 2 }, errors: {} });
      const second = await ledger.begin('incremental', T1, false);
      await ledger.finish(second, { status: 'failed', finishedAt: T2, durationMs: 300_000, counts: {}, errors: { 'gigs.users': 'Gigs: down (HTTP 500)' } });
      expect(await ledger.run(first)).toMatchObject({
        status: 'succeeded',
        finishedAt: T1,
        durationMs: 300_000,
        counts: { 'gigs.users': 2, built: 2 },
        errors: {},
      });
      expect(await ledger.last()).toMatchObject({ id: second, kind: 'incremental', status: 'failed', errors: { 'gigs.users': 'Gigs: down (HTTP 500)' } });
      expect((await ledger.lastSucceeded())?.id).toBe(first);
      expect(await ledger.run(second + 100)).toBeNull();
    });

    it('a crawl still marked running is interrupted with the reason; a resumed crawl keeps every list where it was', async () => {
      const { ledger } = await fresh();
      const first = await ledger.begin('full', T0, false);
      await ledger.stageBatch('gigs.users', batch('a@x'), { cursor: { skip: 50 }, items: 50, done: false }, T1);
      await ledger.markDone('centra.contracts');
      await ledger.markInterrupted(T2);
      expect(await ledger.run(first)).toMatchObject({
        status: 'interrupted',
        finishedAt: T2,
        errors: { crawl: 'subdesk stopped during the crawl; the next crawl resumes it' },
      });
      const second = await ledger.begin('full', T2, true);
      const byPhase = Object.fromEntries((await ledger.phases()).map((p) => [p.phase, p]));
      expect(byPhase['gigs.users']).toEqual({ phase: 'gigs.users', runId: second, cursor: { skip: 50 }, items: 50, done: false });
      expect(byPhase['centra.contracts']).toMatchObject({ runId: second, done: true });
      // A crawl that ended keeps its own reasons when a later start marks the running ones.
      await ledger.finish(second, { status: 'failed', finishedAt: T2, durationMs: 1, counts: {}, errors: { 'centra.customers': 'Centra: down' } });
      await ledger.markInterrupted(T2);
      expect((await ledger.run(second))?.errors).toEqual({ 'centra.customers': 'Centra: down' });
    });

    it("keeps a list's reason for stopping with the crawl at once; an interrupted crawl adds its own beside it", async () => {
      const { ledger } = await fresh();
      const id = await ledger.begin('full', T0, false);
      await ledger.recordPhaseError(id, 'gigs.users', 'Gigs: down (HTTP 500)');
      await ledger.recordPhaseError(id, 'centra.contracts', 'Centra: "quoted" reason');
      expect(await ledger.last()).toMatchObject({
        status: 'running',
        errors: { 'gigs.users': 'Gigs: down (HTTP 500)', 'centra.contracts': 'Centra: "quoted" reason' },
      });
      await ledger.markInterrupted(T1);
      expect((await ledger.run(id))?.errors).toEqual({
        'gigs.users': 'Gigs: down (HTTP 500)',
        'centra.contracts': 'Centra: "quoted" reason',
        crawl: INTERRUPTED_REASON,
      });
    });

    it('recounts plan_stats and says when', async () => {
      const { ledger, engine } = await fresh();
      expect(await ledger.recountPlanStats()).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(await rows(engine, 'SELECT * FROM plan_stats')).toEqual([]);
    });
  });

  describe('the contract walk', () => {
    it('starts a pass over the Centra customers the index holds, and not again while it is under way', async () => {
      const { walk, engine } = await fresh();
      await customers(engine, [
        ['b@x', facts('B@x')],
        ['a@x', facts('a@x')],
        ['g@x', null],
      ]);
      expect(await walk.pass()).toBeNull();
      expect(await walk.startPass(T0)).toBe(true);
      expect(await walk.pass()).toEqual({ passStartedAt: T0, cursor: '', total: 2, done: 0, finishedAt: null, lastError: null });
      await walk.savePass({ passStartedAt: T0, cursor: 'a@x', total: 2, done: 1, finishedAt: null, lastError: null }, T1);
      expect(await walk.startPass(T1)).toBe(false);
      expect(await walk.pass()).toMatchObject({ passStartedAt: T0, cursor: 'a@x', done: 1 });
      await walk.savePass({ passStartedAt: T0, cursor: 'b@x', total: 2, done: 2, finishedAt: T1, lastError: null }, T1);
      expect(await walk.startPass(T2)).toBe(true);
      expect(await walk.pass()).toEqual({ passStartedAt: T2, cursor: '', total: 2, done: 0, finishedAt: null, lastError: null });
    });

    it('gives the next Centra customers in e-mail key order (bytewise), with their facts', async () => {
      const { walk, engine } = await fresh();
      await customers(engine, [
        ['b@x', facts('B@x')],
        ['Z@x', facts('Z@x')],
        ['a@x', facts('a@x')],
        ['a-b@x', null],
        ['c@x', facts('c@x')],
      ]);
      expect(await walk.nextCustomers('', 2)).toEqual([
        { key: 'Z@x', centra: facts('Z@x') },
        { key: 'a@x', centra: facts('a@x') },
      ]);
      expect((await walk.nextCustomers('a@x', 8)).map((c) => c.key)).toEqual(['b@x', 'c@x']);
      expect(await walk.nextCustomers('c@x', 8)).toEqual([]);
    });

    it('queues each customer once, oldest first, with their facts when the index has them', async () => {
      const { walk, engine } = await fresh();
      await customers(engine, [['b@x', facts('B@x')]]);
      await walk.enqueue(['b@x', 'n@x'], T0);
      await walk.enqueue(['b@x', 'm@x', 'm@x'], T1);
      expect(await walk.queuedCount()).toBe(3);
      const first = await walk.queued(2);
      expect(first.map((c) => c.key).sort()).toEqual(['b@x', 'n@x']);
      expect(first.find((c) => c.key === 'b@x')).toEqual({ key: 'b@x', centra: facts('B@x') });
      expect(first.find((c) => c.key === 'n@x')).toEqual({ key: 'n@x', centra: null });
      await walk.dequeue(['b@x', 'n@x']);
      expect(await walk.queued(8)).toEqual([{ key: 'm@x', centra: null }]);
      expect(await walk.queuedCount()).toBe(1);
    });

    it('keeps the last error until the pass moves on', async () => {
      const { walk } = await fresh();
      await walk.startPass(T0);
      await walk.recordError('Centra: down (HTTP 503)', T1);
      expect((await walk.pass())?.lastError).toBe('Centra: down (HTTP 503)');
      await walk.savePass({ passStartedAt: T0, cursor: 'a@x', total: 0, done: 1, finishedAt: null, lastError: 'ignored' }, T2);
      expect((await walk.pass())?.lastError).toBeNull();
    });
  });
}

/**
 * What a second instance on the same database sees of the first's crawl: the background work
 * moves to it (server/storage/lease.ts), and it resumes from the rows rather than starting again.
 * Only PostgreSQL has several instances: on SQLite one process always holds the work.
 */
export function crawlStoreSharedContract(shared: SharedEngineMaker, storesOf: CrawlStoresOf) {
  it('the instance that takes the crawl over resumes each list where the other left it, staging after what it staged', async () => {
    const { first, second, close } = await shared();
    try {
      // Both instances start together; only the first crawls, then dies mid-crawl.
      const a = storesOf(first);
      const b = storesOf(second);
      const dead = await a.ledger.begin('full', T0, false);
      await a.ledger.stageBatch('gigs.users', batch('a@x', 'b@x'), { cursor: { skip: 2 }, items: 2, done: false }, T0);
      await a.ledger.stageBatch('centra.customers', batch('c@x'), { cursor: { skip: 1 }, items: 1, done: true }, T0);

      await b.ledger.markInterrupted(T1);
      expect((await b.ledger.run(dead))?.status).toBe('interrupted');
      const left = await b.ledger.phases();
      expect(left.some((p) => !p.done)).toBe(true);
      const resumed = await b.ledger.begin('full', T1, true);
      const byPhase = Object.fromEntries((await b.ledger.phases()).map((p) => [p.phase, p]));
      expect(byPhase['gigs.users']).toEqual({ phase: 'gigs.users', runId: resumed, cursor: { skip: 2 }, items: 2, done: false });
      expect(byPhase['centra.customers']).toMatchObject({ done: true });

      await b.ledger.stageBatch('gigs.users', batch('d@x'), { cursor: { skip: 3 }, items: 3, done: true }, T1);
      const staged = await rows<{ id: number; keys: string }>(second, 'SELECT id, keys FROM crawl_stage_batches ORDER BY id');
      expect(staged.flatMap((r) => JSON.parse(r.keys) as string[])).toEqual(expect.arrayContaining(['a@x', 'b@x', 'c@x', 'd@x']));
      const ids = staged.map((r) => Number(r.id));
      const ofD = Number(staged.find((r) => (JSON.parse(r.keys) as string[]).includes('d@x'))!.id);
      expect(ofD).toBe(Math.max(...ids));
      expect(ids.filter((id) => id === ofD)).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('lists staging at once on two instances never share a batch id', async () => {
    const { first, second, close } = await shared();
    try {
      const a = storesOf(first);
      const b = storesOf(second);
      await a.ledger.begin('full', T0, false);
      const keys = Array.from({ length: 40 }, (_, i) => `k${i}@x`);
      await Promise.all(
        keys.map((k, i) =>
          (i % 2 ? a : b).ledger.stageBatch(i % 4 < 2 ? 'gigs.users' : 'centra.contracts', batch(k), { cursor: i, items: i, done: false }, T1),
        ),
      );
      const staged = await rows<{ id: number; keys: string }>(first, 'SELECT id, keys FROM crawl_stage_batches ORDER BY id');
      expect(staged).toHaveLength(40);
      expect(new Set(staged.map((r) => Number(r.id))).size).toBe(40);
    } finally {
      await close();
    }
  });

  it('a walk pass is started once by two instances at once, and each sees where the other got to', async () => {
    const { first, second, close } = await shared();
    try {
      const a = storesOf(first);
      const b = storesOf(second);
      await customers(first, [
        ['a@x', facts('a@x')],
        ['b@x', facts('b@x')],
      ]);
      const started = await Promise.all([a.walk.startPass(T0), b.walk.startPass(T0)]);
      expect(started.filter(Boolean)).toHaveLength(1);
      await a.walk.savePass({ passStartedAt: T0, cursor: 'a@x', total: 2, done: 1, finishedAt: null, lastError: null }, T1);
      expect(await b.walk.pass()).toMatchObject({ cursor: 'a@x', done: 1, finishedAt: null });
      expect(await b.walk.startPass(T2)).toBe(false);
      expect((await b.walk.nextCustomers('a@x', 8)).map((c) => c.key)).toEqual(['b@x']);
      await Promise.all([a.walk.enqueue(['q@x'], T1), b.walk.enqueue(['q@x', 'r@x'], T2)]);
      expect(await a.walk.queuedCount()).toBe(2);
    } finally {
      await close();
    }
  });
}
