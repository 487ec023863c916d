import type { Db } from '../../../db/connection.ts';
import type { Logger } from '../../logger.ts';
import type { CentraClient } from '../../upstream/centra.ts';
import type { CentraContract } from '../../upstream/centra-schemas.ts';
import { inBackground } from '../../upstream/priority.ts';
import { UpstreamError } from '../../upstream/errors.ts';
import { contractFacts } from '../index/facts.ts';
import type { CustomerStore } from '../index/store.ts';
import type { CentraFacts } from '../types.ts';

/** Customers read at once: the rate budget, not this, decides the pace; this keeps the budget's queue fed. */
const BATCH = 8;
/** After an upstream failure, the walk waits this long before trying the same customers again. */
const RETRY_AFTER_MS = 30_000;

export type WalkProgress = {
  /** A pass is under way (or was interrupted and resumes). */
  running: boolean;
  passStartedAt: string | null;
  finishedAt: string | null;
  done: number;
  total: number;
  /** Customers Centra said changed, read before the pass goes on. */
  queued: number;
  lastError: string | null;
};

type WalkRow = { pass_started_at: string | null; cursor: string; total: number; done: number; finished_at: string | null; last_error: string | null };

/**
 * Centra's contracts read through the Shop API, one customer at a time (`POST
 * /customers/{email}/subscriptions`), for when the Integration API cannot list them in bulk.
 * A million customers are a million requests, so this runs in the background at the rate
 * budget's background share (server/upstream/budget.ts), for hours or days: a pass walks the
 * index's Centra customers in e-mail key order, writing each one's contracts into their row as
 * they arrive, and keeps its place in `contract_walk`; customers an incremental crawl saw change
 * are read first. People are searchable by name, e-mail and phone from the Order API list before
 * their contracts arrive; opening a customer reads both systems live, whatever the walk's state.
 */
export class ContractWalk {
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private readonly q;

  constructor(
    private readonly db: Db,
    private readonly store: CustomerStore,
    private readonly centra: CentraClient,
    private readonly opts: { clock: () => Date; logger?: Logger },
  ) {
    const s = db.$client;
    this.q = {
      row: s.prepare('SELECT * FROM contract_walk WHERE id = 1'),
      save: s.prepare(`INSERT INTO contract_walk (id, pass_started_at, cursor, total, done, finished_at, last_error, updated_at)
        VALUES (1, @passStartedAt, @cursor, @total, @done, @finishedAt, @lastError, @now)
        ON CONFLICT(id) DO UPDATE SET pass_started_at = excluded.pass_started_at, cursor = excluded.cursor, total = excluded.total,
        done = excluded.done, finished_at = excluded.finished_at, last_error = excluded.last_error, updated_at = excluded.updated_at`),
      error: s.prepare('UPDATE contract_walk SET last_error = ?, updated_at = ? WHERE id = 1'),
      centraCount: s.prepare('SELECT count(*) AS n FROM customers WHERE centra IS NOT NULL'),
      nextKeys: s.prepare('SELECT email_key AS key, centra FROM customers WHERE email_key > ? AND centra IS NOT NULL ORDER BY email_key LIMIT ?'),
      queued: s.prepare(
        'SELECT q.email_key AS key, c.centra FROM contract_walk_queue q LEFT JOIN customers c ON c.email_key = q.email_key ORDER BY q.queued_at LIMIT ?',
      ),
      queuedCount: s.prepare('SELECT count(*) AS n FROM contract_walk_queue'),
      enqueue: s.prepare('INSERT OR IGNORE INTO contract_walk_queue (email_key, queued_at) VALUES (?, ?)'),
      dequeue: s.prepare('DELETE FROM contract_walk_queue WHERE email_key = ?'),
    };
  }

  progress(): WalkProgress {
    const row = this.q.row.get() as WalkRow | undefined;
    return {
      running: Boolean(row?.pass_started_at && !row.finished_at),
      passStartedAt: row?.pass_started_at ?? null,
      finishedAt: row?.finished_at ?? null,
      done: row?.done ?? 0,
      total: row?.total ?? 0,
      queued: (this.q.queuedCount.get() as { n: number }).n,
      lastError: row?.last_error ?? null,
    };
  }

  /** Starts a new pass over every Centra customer, unless one is still under way (it goes on). */
  startPass() {
    const row = this.q.row.get() as WalkRow | undefined;
    if (row?.pass_started_at && !row.finished_at) return this.ensureRunning();
    const now = this.opts.clock().toISOString();
    const total = (this.q.centraCount.get() as { n: number }).n;
    this.q.save.run({ passStartedAt: now, cursor: '', total, done: 0, finishedAt: null, lastError: null, now });
    this.ensureRunning();
  }

  /** Customers Centra said changed: their contracts are read before the pass goes on. */
  enqueue(keys: Iterable<string>) {
    const now = this.opts.clock().toISOString();
    const add = this.db.$client.transaction((list: string[]) => {
      for (const k of list) this.q.enqueue.run(k, now);
    });
    add.immediate([...keys]);
    this.ensureRunning();
  }

  /** Resumes an interrupted pass or queue (on start). */
  resume() {
    const p = this.progress();
    if (p.running || p.queued) this.ensureRunning();
  }

  async stop() {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  /** Resolves when the walk has nothing left to do (tests, the sync command). */
  async idle() {
    while (this.loop) await this.loop;
  }

  private ensureRunning() {
    if (this.loop || this.stopping) return;
    this.loop = this.run().finally(() => {
      this.loop = null;
    });
  }

  private async run() {
    while (!this.stopping) {
      const queued = this.q.queued.all(BATCH) as { key: string; centra: string | null }[];
      const row = this.q.row.get() as WalkRow | undefined;
      const passing = Boolean(row?.pass_started_at && !row.finished_at);
      const batch = queued.length ? queued : passing ? (this.q.nextKeys.all(row!.cursor, BATCH) as { key: string; centra: string | null }[]) : [];
      if (!batch.length) {
        if (passing) this.finishPass(row!);
        return;
      }
      try {
        const read = await Promise.all(batch.map(async (b) => ({ key: b.key, contracts: await inBackground(() => this.centra.getContracts(emailOf(b))) })));
        this.apply(read, queued.length ? null : row!);
      } catch (err) {
        const reason = err instanceof UpstreamError ? `Centra: ${err.message}${err.details.status ? ` (HTTP ${err.details.status})` : ''}` : String(err);
        this.q.error.run(reason, this.opts.clock().toISOString());
        this.opts.logger?.warn('reading contracts through the Shop API stopped; retrying', { error: reason });
        await this.pause(RETRY_AFTER_MS);
      }
    }
  }

  /** Each customer's contracts replace what their row had; the pass's place moves on in the same transaction. */
  private apply(read: { key: string; contracts: CentraContract[] }[], pass: WalkRow | null) {
    const updates = new Map(
      read.map(({ key, contracts }) => [
        key,
        (cur: CentraFacts | undefined): CentraFacts | null => {
          const k = Object.fromEntries(contracts.map((c) => [String(c.id), contractFacts(c)]));
          if (!cur) return contracts.length ? { e: contracts[0]!.shippingAddress.email || key, k } : null;
          return { ...cur, k };
        },
      ]),
    );
    const now = this.opts.clock().toISOString();
    this.db.$client
      .transaction(() => {
        this.store.merge('centra', updates);
        for (const { key } of read) this.store.buildKey(key);
        if (pass)
          this.q.save.run({
            passStartedAt: pass.pass_started_at,
            cursor: read.at(-1)!.key,
            total: pass.total,
            done: pass.done + read.length,
            finishedAt: null,
            lastError: null,
            now,
          });
        else for (const { key } of read) this.q.dequeue.run(key);
      })
      .immediate();
  }

  private finishPass(row: WalkRow) {
    const now = this.opts.clock().toISOString();
    this.q.save.run({ passStartedAt: row.pass_started_at, cursor: row.cursor, total: row.total, done: row.done, finishedAt: now, lastError: null, now });
    this.opts.logger?.info('contracts read through the Shop API', { customers: row.done });
  }

  private pause(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** The e-mail Centra knows this person by (it may keep another case than the index key). */
function emailOf(row: { key: string; centra: string | null }): string {
  const facts = row.centra ? (JSON.parse(row.centra) as CentraFacts) : null;
  return facts?.e || row.key;
}
