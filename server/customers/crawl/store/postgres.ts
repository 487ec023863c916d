import { and, asc, count, desc, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import * as pg from '../../../../db/schema.pg.ts';
import type { PostgresEngine } from '../../../storage/engine.ts';
import { stagedRowsOf } from '../stage.ts';
import { recountPlanStatsOnPostgres } from '../../index/plan-stats.ts';
import type { PgIndexWriter } from '../../index/writer/postgres.ts';
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

const toRun = (r: typeof pg.crawlRuns.$inferSelect | undefined): CrawlRun | null => (r ? { ...r, counts: r.counts ?? {}, errors: r.errors ?? {} } : null);

/**
 * The crawl's memory on PostgreSQL, shared by every instance: whichever holds the background work
 * (server/storage/lease.ts) reads the places the previous holder committed and resumes there.
 */
export class PgCrawlLedger implements CrawlLedgerStore {
  constructor(
    private readonly engine: PostgresEngine,
    private readonly index: PgIndexWriter,
    private readonly clock: () => Date,
  ) {}

  private get db() {
    return this.engine.db;
  }

  async markInterrupted(now: string) {
    await this.db
      .update(pg.crawlRuns)
      .set({
        status: 'interrupted',
        finishedAt: now,
        errors: sql`coalesce(${pg.crawlRuns.errors}, '{}'::jsonb) || jsonb_build_object('crawl', ${INTERRUPTED_REASON}::text)`,
      })
      .where(eq(pg.crawlRuns.status, 'running'));
  }

  async phases(): Promise<PhaseState[]> {
    const rows = await this.db.select().from(pg.crawlState);
    return rows.map((r) => ({ phase: r.phase as PhaseName, runId: r.runId, cursor: r.cursor ? JSON.parse(r.cursor) : null, done: r.done, items: r.items }));
  }

  async begin(kind: CrawlKind, now: string, resume: boolean): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [{ id }] = (await tx.insert(pg.crawlRuns).values({ kind, status: 'running', startedAt: now }).returning({ id: pg.crawlRuns.id })) as [
        { id: number },
      ];
      if (resume) await tx.update(pg.crawlState).set({ runId: id, updatedAt: now });
      else {
        await tx.delete(pg.crawlState);
        await tx.insert(pg.crawlState).values(PHASES.map((phase) => ({ phase, runId: id, cursor: null, done: false, items: 0, updatedAt: now })));
      }
      return id;
    });
  }

  async stageBatch(phase: PhaseName, batch: StagedBatch, place: PhasePlace, now: string) {
    await this.db.transaction(async (tx) => {
      const rows = stagedRowsOf(batch.keys, batch.parts);
      if (rows.length) {
        // Crawl order across buckets is the batch id: the lists staging at once take turns for the
        // next one (readers are not blocked), and the counter is the table itself, so an instance
        // taking the crawl over continues after what the previous one staged.
        await tx.execute(sql`LOCK TABLE crawl_stage_batches IN EXCLUSIVE MODE`);
        const [{ next }] = (await tx.select({ next: sql<number>`coalesce(max(${pg.crawlStageBatches.id}), 0) + 1` }).from(pg.crawlStageBatches)) as [
          { next: number },
        ];
        await tx.insert(pg.crawlStageBatches).values(rows.map((r) => ({ ...r, id: Number(next) })));
      }
      await tx
        .update(pg.crawlState)
        .set({ cursor: place.cursor == null ? null : JSON.stringify(place.cursor), items: place.items, done: place.done, updatedAt: now })
        .where(eq(pg.crawlState.phase, phase));
    });
  }

  async markDone(phase: PhaseName) {
    await this.db.update(pg.crawlState).set({ done: true }).where(eq(pg.crawlState.phase, phase));
  }

  async recordPhaseError(id: number, phase: PhaseName, reason: string) {
    await this.db
      .update(pg.crawlRuns)
      .set({ errors: sql`coalesce(${pg.crawlRuns.errors}, '{}'::jsonb) || jsonb_build_object(${phase}::text, ${reason}::text)` })
      .where(eq(pg.crawlRuns.id, id));
  }

  async finish(id: number, end: CrawlEnd) {
    await this.db
      .update(pg.crawlRuns)
      .set({
        status: end.status,
        finishedAt: end.finishedAt,
        durationMs: end.durationMs,
        counts: end.counts,
        errors: Object.keys(end.errors).length ? end.errors : null,
      })
      .where(eq(pg.crawlRuns.id, id));
  }

  async run(id: number) {
    return toRun((await this.db.select().from(pg.crawlRuns).where(eq(pg.crawlRuns.id, id)))[0]);
  }

  async last() {
    return toRun((await this.db.select().from(pg.crawlRuns).orderBy(desc(pg.crawlRuns.id)).limit(1))[0]);
  }

  async lastSucceeded() {
    return toRun((await this.db.select().from(pg.crawlRuns).where(eq(pg.crawlRuns.status, 'succeeded')).orderBy(desc(pg.crawlRuns.id)).limit(1))[0]);
  }

  /** Builds the stage into the index, bucket by bucket (PgIndexWriter.buildStaged). */
  buildStaged(onProgress?: (built: number) => void): Promise<number> {
    return this.index.buildStaged(onProgress);
  }

  recountPlanStats(): Promise<string> {
    return recountPlanStatsOnPostgres(this.db, this.clock);
  }
}

const walkColumns = {
  passStartedAt: pg.contractWalk.passStartedAt,
  cursor: pg.contractWalk.cursor,
  total: pg.contractWalk.total,
  done: pg.contractWalk.done,
  finishedAt: pg.contractWalk.finishedAt,
  lastError: pg.contractWalk.lastError,
};

/** The contract walk's place on PostgreSQL, shared by every instance. */
export class PgContractWalk implements ContractWalkStore {
  constructor(private readonly engine: PostgresEngine) {}

  private get db() {
    return this.engine.db;
  }

  async pass(): Promise<WalkPass | null> {
    return (await this.db.select(walkColumns).from(pg.contractWalk).where(eq(pg.contractWalk.id, 1)))[0] ?? null;
  }

  async startPass(now: string) {
    // Conditional in the statement: of two instances starting a pass at once, one starts it and the
    // other finds it under way; a pass under way is never reset.
    const started = await this.db.execute(sql`INSERT INTO contract_walk (id, pass_started_at, cursor, total, done, finished_at, last_error, updated_at)
      VALUES (1, ${now}, '', (SELECT count(*) FROM customers WHERE centra IS NOT NULL), 0, NULL, NULL, ${now})
      ON CONFLICT (id) DO UPDATE SET pass_started_at = excluded.pass_started_at, cursor = excluded.cursor, total = excluded.total,
        done = excluded.done, finished_at = excluded.finished_at, last_error = excluded.last_error, updated_at = excluded.updated_at
      WHERE contract_walk.pass_started_at IS NULL OR contract_walk.finished_at IS NOT NULL`);
    return (started.rowCount ?? 0) > 0;
  }

  async savePass(pass: WalkPass, now: string) {
    const row = { ...pass, lastError: null, updatedAt: now };
    await this.db
      .insert(pg.contractWalk)
      .values({ id: 1, ...row })
      .onConflictDoUpdate({ target: pg.contractWalk.id, set: row });
  }

  async recordError(reason: string, now: string) {
    await this.db.update(pg.contractWalk).set({ lastError: reason, updatedAt: now }).where(eq(pg.contractWalk.id, 1));
  }

  async enqueue(keys: string[], now: string) {
    if (!keys.length) return;
    await this.db
      .insert(pg.contractWalkQueue)
      .values([...new Set(keys)].map((emailKey) => ({ emailKey, queuedAt: now })))
      .onConflictDoNothing();
  }

  async dequeue(keys: string[]) {
    if (keys.length) await this.db.delete(pg.contractWalkQueue).where(inArray(pg.contractWalkQueue.emailKey, keys));
  }

  async queuedCount() {
    return (await this.db.select({ n: count() }).from(pg.contractWalkQueue))[0]!.n;
  }

  async queued(limit: number): Promise<WalkCustomer[]> {
    const rows = await this.db
      .select({ key: pg.contractWalkQueue.emailKey, centra: pg.customers.centra })
      .from(pg.contractWalkQueue)
      .leftJoin(pg.customers, eq(pg.customers.emailKey, pg.contractWalkQueue.emailKey))
      .orderBy(asc(pg.contractWalkQueue.queuedAt))
      .limit(limit);
    return rows.map((r) => ({ key: r.key, centra: r.centra ?? null }));
  }

  async nextCustomers(afterKey: string, limit: number): Promise<WalkCustomer[]> {
    const rows = await this.db
      .select({ key: pg.customers.emailKey, centra: pg.customers.centra })
      .from(pg.customers)
      .where(and(gt(pg.customers.emailKey, afterKey), isNotNull(pg.customers.centra)))
      .orderBy(asc(pg.customers.emailKey))
      .limit(limit);
    return rows.map((r) => ({ key: r.key, centra: r.centra ?? null }));
  }
}
