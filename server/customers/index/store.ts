import type { Db } from '../../../db/connection.ts';
import { customerIdFor } from '../normalise.ts';
import type { CentraFacts, GigsFacts } from '../types.ts';
import type { CentraRow, FactsUpdate, GigsRow, IndexUpdates } from './writer/types.ts';
import { gigsPartsChanging } from './facts.ts';
import type { SubscriptionsIndex } from './subscriptions-index.ts';
import { PlanStatsSchedule, recomputePlanStats } from './plan-stats.ts';
import type { CrawlStage } from '../crawl/stage.ts';
import type { ExistingRow } from './person-build.ts';
import { EXISTING_ROW_SQL } from './bucket-build.ts';
import { RowWriter } from './row-writer.ts';
import { StagedBuild, type BuildTuning } from './staged-build.ts';

type Column = 'gigs' | 'centra';

type FactsOf<C extends Column> = C extends 'gigs' ? GigsFacts : CentraFacts;

export type { FactsUpdate } from './writer/types.ts';

const BUILD_BATCH = 2000;
/** Rows read per chunk when looking for people a full crawl did not see. */
const FORGET_SCAN = 50_000;
/**
 * Writes to the customers index. Crawl pages merge into one system's JSON (one transaction per
 * page; a row is marked dirty only if its JSON really changed), and the builds (buildSome,
 * buildKey, and a crawl's staged build in staged-build.ts) turn rows into their derived columns
 * and search text through the row writer (row-writer.ts). Rows are never deleted: an upstream
 * that fails leaves what we knew in place.
 */
export class CustomerStore {
  private readonly select: Record<Column, ReturnType<Db['$client']['prepare']>>;
  private readonly upsert: Record<Column, ReturnType<Db['$client']['prepare']>>;
  private readonly dirtyBatch;
  private readonly rowByKey;
  private readonly gigsRows;
  private readonly updatedAtOf;
  private readonly touchRow;
  private readonly centraByCustomer;
  private readonly centraByKey;
  private readonly writer: RowWriter;
  private readonly stagedBuild: StagedBuild;
  readonly subscriptions: SubscriptionsIndex;
  /** plan_stats recounts after refreshes, debounced; the crawler notes its own recount here. */
  readonly planStats: PlanStatsSchedule;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
    tuning: BuildTuning = {},
  ) {
    const s = db.$client;
    // A recount due after the file was closed (a test's app stopped) has nothing left to count.
    this.planStats = new PlanStatsSchedule(() => db.$client.open && recomputePlanStats(db, clock), clock);
    const sel = (col: Column) => s.prepare(`SELECT email_key AS key, ${col} AS facts FROM customers WHERE email_key IN (SELECT value FROM json_each(?))`);
    const ups = (col: Column) =>
      s.prepare(`INSERT INTO customers (id, email_key, ${col}, dirty, updated_at) VALUES (@id, @key, @facts, 1, @now)
        ON CONFLICT(email_key) DO UPDATE SET ${col} = excluded.${col}, dirty = 1, updated_at = excluded.updated_at`);
    this.select = { gigs: sel('gigs'), centra: sel('centra') };
    this.upsert = { gigs: ups('gigs'), centra: ups('centra') };
    this.dirtyBatch = s.prepare(`${EXISTING_ROW_SQL} WHERE dirty = 1 ORDER BY seq LIMIT ?`);
    this.rowByKey = s.prepare(`${EXISTING_ROW_SQL} WHERE email_key = ?`);
    this.gigsRows = s.prepare('SELECT email_key AS key, gigs, updated_at AS updatedAt FROM customers WHERE gigs_user_id = ? OR email_key = ?');
    this.updatedAtOf = s.prepare('SELECT updated_at FROM customers WHERE email_key = ?').pluck();
    this.touchRow = s.prepare('UPDATE customers SET updated_at = ? WHERE email_key = ?');
    this.centraByCustomer = s.prepare('SELECT email_key AS key, centra FROM customers WHERE centra_customer_id = ?');
    this.centraByKey = s.prepare(
      'SELECT DISTINCT c.email_key AS key, c.centra FROM customer_keys k JOIN customers c ON c.seq = k.seq WHERE k.key = ? LIMIT 20',
    );
    this.writer = new RowWriter(db);
    this.subscriptions = this.writer.subscriptions;
    this.stagedBuild = new StagedBuild(db, this.writer, { clock, tuning, isEmpty: () => this.isEmpty() });
  }

  /** No row yet: the index was never filled. */
  isEmpty(): boolean {
    return !this.db.$client.prepare('SELECT 1 FROM customers LIMIT 1').get();
  }

  /** Builds everything the crawl staged (staged-build.ts). Returns the rows written. */
  buildStaged(stage: CrawlStage, onProgress?: (built: number) => void): Promise<number> {
    return this.stagedBuild.run(stage, onProgress);
  }

  /**
   * Applies one page of updates for one system in one transaction. Returns how many rows
   * changed. Synchronous on purpose: no await may sit inside a better-sqlite3 transaction.
   */
  merge<C extends Column>(column: C, updates: Map<string, FactsUpdate<C>>): number {
    if (!updates.size) return 0;
    const now = this.clock().toISOString();
    const run = this.db.$client.transaction(() => {
      const current = new Map<string, string | null>();
      for (const row of this.select[column].all(JSON.stringify([...updates.keys()])) as { key: string; facts: string | null }[])
        current.set(row.key, row.facts);
      let changed = 0;
      for (const [key, update] of updates) {
        const before = current.get(key) ?? null;
        const next = update(before ? (JSON.parse(before) as FactsOf<C>) : undefined);
        const facts = next ? JSON.stringify(next) : null;
        if (facts === before) continue;
        this.upsert[column].run({ id: customerIdFor(key), key, facts, now });
        changed++;
      }
      return changed;
    });
    return run.immediate();
  }

  /**
   * After a complete full crawl: clears the facts of each system that did not mention the person
   * (`seen`: the e-mail keys each system's lists did), marking the rows for buildAll. The row stays,
   * found by its e-mail and id (rows are never deleted). Rows written since `since` are left as
   * they are: a refresh during the crawl read the upstreams live. Returns the people who lost a system.
   */
  async forgetUnseen(seen: Record<Column, Set<string>>, since: string): Promise<number> {
    const s = this.db.$client;
    const chunk = s.prepare(`SELECT seq, email_key AS key, gigs IS NOT NULL AS inGigs, centra IS NOT NULL AS inCentra FROM customers
      WHERE seq > ? AND updated_at < ? ORDER BY seq LIMIT ${FORGET_SCAN}`);
    const gone = { gigs: new Map<string, FactsUpdate<'gigs'>>(), centra: new Map<string, FactsUpdate<'centra'>>() };
    // In chunks, the server answering in between (a million rows are read).
    for (let after = 0; ; await new Promise((r) => setImmediate(r))) {
      const rows = chunk.all(after, since) as { seq: number; key: string; inGigs: number; inCentra: number }[];
      for (const r of rows) {
        if (r.inGigs && !seen.gigs.has(r.key)) gone.gigs.set(r.key, () => null);
        if (r.inCentra && !seen.centra.has(r.key)) gone.centra.set(r.key, () => null);
      }
      if (rows.length < FORGET_SCAN) break;
      after = rows.at(-1)!.seq;
    }
    // A refresh may have written one of them since the scan: merged only if still untouched.
    const untouched = s.prepare('SELECT 1 FROM customers WHERE email_key = ? AND updated_at < ?');
    for (const map of [gone.gigs, gone.centra]) for (const key of map.keys()) if (!untouched.get(key, since)) map.delete(key);
    this.forget('gigs', [...gone.gigs.keys()]);
    this.forget('centra', [...gone.centra.keys()]);
    return new Set([...gone.gigs.keys(), ...gone.centra.keys()]).size;
  }

  /**
   * Clears what one system says about these people (it no longer knows them): the rows stay, found
   * by their e-mail and id, marked for building. Returns how many rows changed.
   */
  forget(column: Column, keys: string[]): number {
    return this.merge(column, new Map(keys.map((key) => [key, () => null])));
  }

  /**
   * The rows a Gigs change may touch (a change feed): the person this Gigs user is in the index
   * as, and the person with this e-mail key, each with its Gigs facts and when it was last written.
   */
  gigsRowsOf(userId: string, key: string | null): GigsRow[] {
    const rows = this.gigsRows.all(userId, key) as { key: string; gigs: string | null; updatedAt: string }[];
    return rows.map((r) => ({ key: r.key, gigs: r.gigs ? (JSON.parse(r.gigs) as GigsFacts) : null, updatedAt: r.updatedAt }));
  }

  /**
   * Of Gigs parts (JSON) and their people's keys, the ones that would change what the index has:
   * an incremental crawl reads all of Gigs again, and most of it is what the index already says.
   */
  gigsPartsThatChange(keys: string[], parts: string[]): { keys: string[]; parts: string[] } {
    const facts = new Map<string, GigsFacts>();
    for (const row of this.select.gigs.all(JSON.stringify([...new Set(keys)])) as { key: string; facts: string | null }[]) {
      if (row.facts) facts.set(row.key, JSON.parse(row.facts) as GigsFacts);
    }
    return gigsPartsChanging(facts, keys, parts);
  }

  /** Builds up to `limit` dirty rows (one transaction per batch). Returns how many were built. */
  buildSome(limit = BUILD_BATCH): number {
    const run = this.db.$client.transaction(() => {
      const rows = this.dirtyBatch.all(limit) as ExistingRow[];
      for (const row of rows) this.writer.rebuild(row);
      return rows.length;
    });
    return run.immediate();
  }

  /**
   * Builds every dirty row, yielding to the event loop between batches so that the server keeps
   * answering while a million rows are built after a full crawl.
   */
  async buildAll(onProgress?: (built: number) => void): Promise<number> {
    let total = 0;
    for (;;) {
      const n = this.buildSome();
      total += n;
      if (n) onProgress?.(total);
      if (n < BUILD_BATCH) return total;
      await new Promise((r) => setImmediate(r));
    }
  }

  /**
   * Merges both systems' updates and builds those people's rows, in one transaction; null (and
   * nothing written) when a row in `unchangedSince` was written after the time given (IndexWriter.write).
   */
  write(updates: IndexUpdates, unchangedSince?: Map<string, string | null>, readLive = false): number | null {
    return this.db.$client
      .transaction(() => {
        for (const [key, seen] of unchangedSince ?? []) if (((this.updatedAtOf.get(key) as string | undefined) ?? null) !== seen) return null;
        const changed = (updates.gigs ? this.merge('gigs', updates.gigs) : 0) + (updates.centra ? this.merge('centra', updates.centra) : 0);
        const now = this.clock().toISOString();
        for (const key of new Set([...(updates.gigs?.keys() ?? []), ...(updates.centra?.keys() ?? [])])) {
          if (readLive) this.touchRow.run(now, key);
          this.buildKey(key);
        }
        return changed;
      })
      .immediate();
  }

  /** The people the index has as this Centra customer. */
  centraRowsOfCustomer(customerId: string): CentraRow[] {
    return centraRows(this.centraByCustomer.all(customerId) as RawCentraRow[]);
  }

  /** The people with this id among their exact keys (at most 20), with their Centra facts. */
  centraRowsWithKey(id: string): CentraRow[] {
    return centraRows(this.centraByKey.all(id) as RawCentraRow[]);
  }

  /**
   * Builds one person's row now (after a refresh), whatever its dirty flag, and asks for plan_stats
   * to follow (debounced: at most once a minute, off the request).
   */
  buildKey(key: string): boolean {
    const row = this.rowByKey.get(key) as ExistingRow | undefined;
    if (!row) return false;
    this.writer.rebuild(row);
    this.planStats.soon();
    return true;
  }
}

type RawCentraRow = { key: string; centra: string | null };
const centraRows = (rows: RawCentraRow[]): CentraRow[] => rows.map((r) => ({ key: r.key, centra: r.centra ? (JSON.parse(r.centra) as CentraFacts) : null }));
