import type { SqliteEngine } from '../../../storage/engine.ts';
import type { CustomerStore } from '../../index/store.ts';
import { recomputePlanStats } from '../../index/plan-stats.ts';
import type { CentraFacts } from '../../types.ts';
import { CrawlStage } from '../stage.ts';
import {
  INTERRUPTED_REASON,
  PHASES,
  type ContractWalkStore,
  type CrawlEnd,
  type CrawlKind,
  type CrawlLedgerStore,
  type CrawlRun,
  type PhaseName,
  type PhasePlace,
  type PhaseState,
  type StagedBatch,
  type WalkCustomer,
  type WalkPass,
} from './types.ts';

type RunRow = {
  id: number;
  kind: CrawlKind;
  status: CrawlRun['status'];
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  counts: string | null;
  errors: string | null;
};

const toRun = (r: RunRow | undefined): CrawlRun | null =>
  r
    ? {
        id: r.id,
        kind: r.kind,
        status: r.status,
        startedAt: r.started_at,
        finishedAt: r.finished_at,
        durationMs: r.duration_ms,
        counts: r.counts ? JSON.parse(r.counts) : {},
        errors: r.errors ? JSON.parse(r.errors) : {},
      }
    : null;

/**
 * The crawl's memory in subdesk's SQLite file: crawl_runs, crawl_state, and the stage
 * (server/customers/crawl/stage.ts) in the same file, so a staged batch and its list's cursor
 * commit together. Synchronous inside: each method is one transaction, its promise already settled.
 */
export class SqliteCrawlLedger implements CrawlLedgerStore {
  /** The stage's tables and statements (the index builder reads it). */
  readonly stage: CrawlStage;
  private readonly q;

  constructor(
    private readonly engine: SqliteEngine,
    private readonly index: CustomerStore,
    private readonly clock: () => Date,
  ) {
    const s = engine.db.$client;
    this.stage = new CrawlStage(engine.db);
    this.q = {
      interrupt: s.prepare(
        `UPDATE crawl_runs SET status = 'interrupted', finished_at = ?, errors = json_set(coalesce(errors, '{}'), '$.crawl', ?) WHERE status = 'running'`,
      ),
      phaseError: s.prepare(`UPDATE crawl_runs SET errors = json_set(coalesce(errors, '{}'), '$."' || ? || '"', ?) WHERE id = ?`),
      phases: s.prepare('SELECT phase, run_id, cursor, done, items FROM crawl_state'),
      insertRun: s.prepare(`INSERT INTO crawl_runs (kind, status, started_at) VALUES (?, 'running', ?) RETURNING id`),
      adoptPhases: s.prepare('UPDATE crawl_state SET run_id = ?, updated_at = ?'),
      clearPhases: s.prepare('DELETE FROM crawl_state'),
      insertPhase: s.prepare('INSERT INTO crawl_state (phase, run_id, cursor, done, items, updated_at) VALUES (?, ?, NULL, 0, 0, ?)'),
      checkpoint: s.prepare('UPDATE crawl_state SET cursor = ?, items = ?, done = ?, updated_at = ? WHERE phase = ?'),
      markDone: s.prepare('UPDATE crawl_state SET done = 1 WHERE phase = ?'),
      finish: s.prepare('UPDATE crawl_runs SET status = ?, finished_at = ?, duration_ms = ?, counts = ?, errors = ? WHERE id = ?'),
      run: s.prepare('SELECT * FROM crawl_runs WHERE id = ?'),
      last: s.prepare('SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1'),
      lastSucceeded: s.prepare(`SELECT * FROM crawl_runs WHERE status = 'succeeded' ORDER BY id DESC LIMIT 1`),
    };
  }

  async markInterrupted(now: string) {
    this.q.interrupt.run(now, INTERRUPTED_REASON);
  }

  async phases(): Promise<PhaseState[]> {
    const rows = this.q.phases.all() as { phase: PhaseName; run_id: number; cursor: string | null; done: number; items: number }[];
    return rows.map((r) => ({ phase: r.phase, runId: r.run_id, cursor: r.cursor ? JSON.parse(r.cursor) : null, done: Boolean(r.done), items: r.items }));
  }

  async begin(kind: CrawlKind, now: string, resume: boolean): Promise<number> {
    return this.engine.db.$client
      .transaction(() => {
        const { id } = this.q.insertRun.get(kind, now) as { id: number };
        if (resume) this.q.adoptPhases.run(id, now);
        else {
          this.q.clearPhases.run();
          for (const p of PHASES) this.q.insertPhase.run(p, id, now);
        }
        return id;
      })
      .immediate();
  }

  async stageBatch(phase: PhaseName, batch: StagedBatch, place: PhasePlace, now: string) {
    this.engine.db.$client
      .transaction(() => {
        this.stage.add(batch.keys, batch.parts);
        this.q.checkpoint.run(place.cursor == null ? null : JSON.stringify(place.cursor), place.items, place.done ? 1 : 0, now, phase);
      })
      .immediate();
  }

  async markDone(phase: PhaseName) {
    this.q.markDone.run(phase);
  }

  async recordPhaseError(id: number, phase: PhaseName, reason: string) {
    this.q.phaseError.run(phase, reason, id);
  }

  async finish(id: number, end: CrawlEnd) {
    this.q.finish.run(
      end.status,
      end.finishedAt,
      end.durationMs,
      JSON.stringify(end.counts),
      Object.keys(end.errors).length ? JSON.stringify(end.errors) : null,
      id,
    );
  }

  async run(id: number) {
    return toRun(this.q.run.get(id) as RunRow | undefined);
  }

  async last() {
    return toRun(this.q.last.get() as RunRow | undefined);
  }

  async lastSucceeded() {
    return toRun(this.q.lastSucceeded.get() as RunRow | undefined);
  }

  buildStaged(onProgress?: (built: number) => void): Promise<number> {
    return this.index.buildStaged(this.stage, onProgress);
  }

  async recountPlanStats(): Promise<string> {
    return recomputePlanStats(this.engine.db, this.clock).computedAt;
  }
}

type PassRow = { pass_started_at: string | null; cursor: string; total: number; done: number; finished_at: string | null; last_error: string | null };

const toPass = (r: PassRow): WalkPass => ({
  passStartedAt: r.pass_started_at,
  cursor: r.cursor,
  total: r.total,
  done: r.done,
  finishedAt: r.finished_at,
  lastError: r.last_error,
});

const toCustomers = (rows: { key: string; centra: string | null }[]): WalkCustomer[] =>
  rows.map((r) => ({ key: r.key, centra: r.centra ? (JSON.parse(r.centra) as CentraFacts) : null }));

/** The contract walk's place in subdesk's SQLite file (contract_walk, contract_walk_queue). */
export class SqliteContractWalk implements ContractWalkStore {
  private readonly q;

  constructor(private readonly engine: SqliteEngine) {
    const s = engine.db.$client;
    this.q = {
      row: s.prepare('SELECT * FROM contract_walk WHERE id = 1'),
      start: s.prepare(`INSERT INTO contract_walk (id, pass_started_at, cursor, total, done, finished_at, last_error, updated_at)
        VALUES (1, @now, '', (SELECT count(*) FROM customers WHERE centra IS NOT NULL), 0, NULL, NULL, @now)
        ON CONFLICT(id) DO UPDATE SET pass_started_at = excluded.pass_started_at, cursor = excluded.cursor, total = excluded.total,
        done = excluded.done, finished_at = excluded.finished_at, last_error = excluded.last_error, updated_at = excluded.updated_at
        WHERE contract_walk.pass_started_at IS NULL OR contract_walk.finished_at IS NOT NULL`),
      save: s.prepare(`INSERT INTO contract_walk (id, pass_started_at, cursor, total, done, finished_at, last_error, updated_at)
        VALUES (1, @passStartedAt, @cursor, @total, @done, @finishedAt, NULL, @now)
        ON CONFLICT(id) DO UPDATE SET pass_started_at = excluded.pass_started_at, cursor = excluded.cursor, total = excluded.total,
        done = excluded.done, finished_at = excluded.finished_at, last_error = excluded.last_error, updated_at = excluded.updated_at`),
      error: s.prepare('UPDATE contract_walk SET last_error = ?, updated_at = ? WHERE id = 1'),
      nextKeys: s.prepare('SELECT email_key AS key, centra FROM customers WHERE email_key > ? AND centra IS NOT NULL ORDER BY email_key LIMIT ?'),
      queued: s.prepare(
        'SELECT q.email_key AS key, c.centra FROM contract_walk_queue q LEFT JOIN customers c ON c.email_key = q.email_key ORDER BY q.queued_at LIMIT ?',
      ),
      queuedCount: s.prepare('SELECT count(*) AS n FROM contract_walk_queue'),
      enqueue: s.prepare('INSERT OR IGNORE INTO contract_walk_queue (email_key, queued_at) VALUES (?, ?)'),
      dequeue: s.prepare('DELETE FROM contract_walk_queue WHERE email_key = ?'),
    };
  }

  async pass() {
    const row = this.q.row.get() as PassRow | undefined;
    return row ? toPass(row) : null;
  }

  async startPass(now: string) {
    return this.q.start.run({ now }).changes > 0;
  }

  async savePass(pass: WalkPass, now: string) {
    this.q.save.run({ passStartedAt: pass.passStartedAt, cursor: pass.cursor, total: pass.total, done: pass.done, finishedAt: pass.finishedAt, now });
  }

  async recordError(reason: string, now: string) {
    this.q.error.run(reason, now);
  }

  async enqueue(keys: string[], now: string) {
    this.engine.db.$client
      .transaction(() => {
        for (const k of keys) this.q.enqueue.run(k, now);
      })
      .immediate();
  }

  async dequeue(keys: string[]) {
    this.engine.db.$client
      .transaction(() => {
        for (const k of keys) this.q.dequeue.run(k);
      })
      .immediate();
  }

  async queuedCount() {
    return (this.q.queuedCount.get() as { n: number }).n;
  }

  async queued(limit: number) {
    return toCustomers(this.q.queued.all(limit) as { key: string; centra: string | null }[]);
  }

  async nextCustomers(afterKey: string, limit: number) {
    return toCustomers(this.q.nextKeys.all(afterKey, limit) as { key: string; centra: string | null }[]);
  }
}
