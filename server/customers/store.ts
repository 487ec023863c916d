import type { Db } from '../../db/connection.ts';
import { customerIdFor } from './normalise.ts';
import { derive, type Derived } from './derive.ts';
import type { CentraFacts, GigsFacts } from './types.ts';
import { applyCentra, applyGigs, type StagedPart } from './facts.ts';
import { SubscriptionsIndex } from './subscriptions-index.ts';
import { schedulePlanStats } from './plan-stats.ts';
import { STAGE_BUCKETS, type CrawlStage, type StagedRow } from './stage.ts';

type Column = 'gigs' | 'centra';
type FactsOf<C extends Column> = C extends 'gigs' ? GigsFacts : CentraFacts;

/** Changes one person's facts for one system; receives the current facts (or undefined). */
export type FactsUpdate<C extends Column> = (current: FactsOf<C> | undefined) => FactsOf<C> | null;

const BUILD_BATCH = 2000;
/**
 * People built per transaction from the stage: big enough to amortise the commit (each commit
 * writes every page it dirtied), small enough to keep the server answering (~0.5 s a batch).
 */
const STAGED_CHUNK = 4000;
/** Page cache while building (KiB, negative as PRAGMA cache_size takes it): bounded, restored after. */
const BUILD_CACHE_KIB = -262_144;

/**
 * Writes to the customers index. Crawl pages merge into one system's JSON (one transaction per
 * page; a row is marked dirty only if its JSON really changed), and `build()` turns dirty rows
 * into their derived columns and search text. Rows are never deleted: an upstream that fails
 * leaves what we knew in place.
 */
export class CustomerStore {
  private readonly select: Record<Column, ReturnType<Db['$client']['prepare']>>;
  private readonly upsert: Record<Column, ReturnType<Db['$client']['prepare']>>;
  private readonly dirtyBatch;
  private readonly writeDerived;
  private readonly rowByKey;
  private readonly addKey;
  private readonly dropKey;
  private readonly ftsAdd;
  private readonly ftsDrop;
  private readonly rowsByKeys;
  private readonly insertBuilt;
  private readonly updateBuilt;
  readonly subscriptions: SubscriptionsIndex;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    const s = db.$client;
    const sel = (col: Column) => s.prepare(`SELECT email_key AS key, ${col} AS facts FROM customers WHERE email_key IN (SELECT value FROM json_each(?))`);
    const ups = (col: Column) =>
      s.prepare(`INSERT INTO customers (id, email_key, ${col}, dirty, updated_at) VALUES (@id, @key, @facts, 1, @now)
        ON CONFLICT(email_key) DO UPDATE SET ${col} = excluded.${col}, dirty = 1, updated_at = excluded.updated_at`);
    this.select = { gigs: sel('gigs'), centra: sel('centra') };
    this.upsert = { gigs: ups('gigs'), centra: ups('centra') };
    this.dirtyBatch = s.prepare('SELECT seq, id, email_key AS key, gigs, centra, search_keys AS keys, search_text AS text FROM customers WHERE dirty = 1 ORDER BY seq LIMIT ?');
    this.rowByKey = s.prepare('SELECT seq, id, email_key AS key, gigs, centra, search_keys AS keys, search_text AS text FROM customers WHERE email_key = ?');
    this.addKey = s.prepare('INSERT OR IGNORE INTO customer_keys (key, seq) VALUES (?, ?)');
    this.dropKey = s.prepare('DELETE FROM customer_keys WHERE key = ? AND seq = ?');
    this.ftsAdd = s.prepare('INSERT INTO customers_fts (rowid, search_text) VALUES (?, ?)');
    this.ftsDrop = s.prepare("INSERT INTO customers_fts (customers_fts, rowid, search_text) VALUES ('delete', ?, ?)");
    this.writeDerived = s.prepare(`UPDATE customers SET name = @name, name_sort = @nameSort, email = @email, emails = @emails,
      phones = @phones, countries = @countries, gigs_user_id = @gigsUserId, centra_customer_id = @centraCustomerId,
      in_gigs = @inGigs, in_centra = @inCentra, gigs_live = @gigsLive, centra_live = @centraLive,
      search_text = @searchText, search_keys = @searchKeys, dirty = 0 WHERE seq = @seq`);
    this.subscriptions = new SubscriptionsIndex(s);
    this.rowsByKeys = s.prepare('SELECT seq, id, email_key AS key, gigs, centra, search_keys AS keys, search_text AS text FROM customers WHERE email_key IN (SELECT value FROM json_each(?))');
    const derivedColumns = `name, name_sort, email, emails, phones, countries, gigs_user_id, centra_customer_id, in_gigs, in_centra, gigs_live, centra_live, search_text, search_keys`;
    const derivedValues = `@name, @nameSort, @email, @emails, @phones, @countries, @gigsUserId, @centraCustomerId, @inGigs, @inCentra, @gigsLive, @centraLive, @searchText, @searchKeys`;
    // A new row is inserted without search_text (so the per-row customers_fts_ai trigger stays
    // idle); the builder sets the text and the FTS entries of all new rows at the end, in bulk.
    this.insertBuilt = s.prepare(`INSERT INTO customers (id, email_key, gigs, centra, ${derivedColumns}, dirty, updated_at)
      VALUES (@id, @key, @gigs, @centra, ${derivedValues}, 0, @now)`);
    this.updateBuilt = s.prepare(`UPDATE customers SET gigs = @gigs, centra = @centra, name = @name, name_sort = @nameSort, email = @email, emails = @emails,
      phones = @phones, countries = @countries, gigs_user_id = @gigsUserId, centra_customer_id = @centraCustomerId,
      in_gigs = @inGigs, in_centra = @inCentra, gigs_live = @gigsLive, centra_live = @centraLive,
      search_text = @searchText, search_keys = @searchKeys, dirty = 0, updated_at = @now WHERE seq = @seq`);
  }

  /**
   * Builds everything the crawl staged: bucket by bucket, each person's staged parts applied in
   * crawl order to what the index had, and the row written (JSON, derived columns, FTS, keys,
   * subscriptions) only when its facts changed. Each chunk commits with the removal of what it
   * consumed only at the end of its bucket, so a crash re-applies at most one bucket (harmless:
   * applying a part twice changes nothing). Returns the rows written.
   */
  async buildStaged(stage: CrawlStage, onProgress?: (built: number) => void): Promise<number> {
    let built = 0;
    const s = this.db.$client;
    // Into an empty index: drop the secondary indexes that random inserts would make the slowest
    // part of the build, and recreate them (one sort each) when it ends. A bigger page cache for
    // the build keeps the unique indexes' pages in memory between commits.
    const fresh = !s.prepare('SELECT 1 FROM customers LIMIT 1').get();
    if (fresh && stage.size()) s.transaction(() => stage.dropIndexesForBulk()).immediate();
    const cacheBefore = s.pragma('cache_size', { simple: true }) as number;
    s.pragma(`cache_size = ${BUILD_CACHE_KIB}`);
    try {
      built = await this.buildBuckets(stage, fresh, onProgress);
    } finally {
      s.pragma(`cache_size = ${cacheBefore}`);
    }
    // Keys and search text of new rows were set aside; they join the index together, in bulk,
    // with the indexes a bulk build dropped. Those sorts (ten million keys at a million people)
    // spill to temporary files rather than memory (temp_store is MEMORY for subdesk's own small
    // temp work): memory stays bounded. No await in between, so nothing else runs meanwhile.
    const tempStore = s.pragma('temp_store', { simple: true }) as number;
    s.pragma('temp_store = FILE');
    try {
      s.transaction(() => stage.flushDeferred()).immediate();
      stage.restoreIndexes();
    } finally {
      s.pragma(`temp_store = ${tempStore}`);
    }
    return built;
  }

  /** `fresh`: the index was empty, so nobody has a row yet (each person is in one bucket only). */
  private async buildBuckets(stage: CrawlStage, fresh: boolean, onProgress?: (built: number) => void): Promise<number> {
    let built = 0;
    const s = this.db.$client;
    // A batch may span buckets (small crawls) or part of one (big ones): what matters for speed is
    // people per commit, since every commit writes each page it dirtied to the WAL once.
    let batch: [string, StagedRow[]][] = [];
    let drops: [number, number][] = [];
    const commit = async () => {
      // In e-mail order: inserts into the email_key index land next to each other.
      const people = batch.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      const done = drops;
      batch = [];
      drops = [];
      built += s.transaction(() => {
        const n = this.buildPeople(people, stage, fresh);
        for (const [b, lastId] of done) stage.drop(b, lastId);
        return n;
      }).immediate();
      onProgress?.(built);
      await new Promise((r) => setImmediate(r));
    };
    for (let b = 0; b < STAGE_BUCKETS; b++) {
      const rows = stage.bucket(b);
      if (!rows.length) continue;
      const people = new Map<string, StagedRow[]>();
      for (const r of rows) {
        const list = people.get(r.key);
        if (list) list.push(r);
        else people.set(r.key, [r]);
      }
      for (const entry of people) {
        batch.push(entry);
        if (batch.length >= STAGED_CHUNK) await commit();
      }
      // The bucket's rows go when its last person is built (a crash before re-applies them: harmless).
      drops.push([b, rows[rows.length - 1]!.id]);
    }
    if (batch.length || drops.length) await commit();
    return built;
  }

  private buildPeople(people: [string, StagedRow[]][], stage: CrawlStage, fresh: boolean): number {
    const existing = new Map<string, RawRow>();
    if (!fresh) for (const row of this.rowsByKeys.all(JSON.stringify(people.map(([key]) => key))) as RawRow[]) existing.set(row.key, row);
    const now = this.clock().toISOString();
    let written = 0;
    for (const [key, parts] of people) {
      const row = existing.get(key);
      let gigs: GigsFacts | undefined = row?.gigs ? JSON.parse(row.gigs) : undefined;
      let centra: CentraFacts | undefined = row?.centra ? JSON.parse(row.centra) : undefined;
      for (const staged of parts) {
        const part = JSON.parse(staged.part) as StagedPart;
        if (part.t === 'gu' || part.t === 'gs') gigs = applyGigs(gigs, part);
        else centra = applyCentra(centra, part);
      }
      const gigsJson = gigs ? JSON.stringify(gigs) : null;
      const centraJson = centra ? JSON.stringify(centra) : null;
      if (row && row.text !== null && gigsJson === row.gigs && centraJson === row.centra) continue;
      const id = row?.id ?? customerIdFor(key);
      const d = derive(id, key, gigs ?? null, centra ?? null);
      const values = { ...this.derivedParams(d), id, key, gigs: gigsJson, centra: centraJson, now };
      if (row) {
        this.updateBuilt.run({ ...values, seq: row.seq });
        this.followRow(row, d);
        this.subscriptions.write(row.seq, gigs ?? null, centra ?? null);
      } else {
        const seq = Number(this.insertBuilt.run({ ...values, searchText: null }).lastInsertRowid);
        stage.deferNewRow(seq, d.searchText, d.keys);
        this.subscriptions.write(seq, gigs ?? null, centra ?? null, true);
      }
      written++;
    }
    return written;
  }

  private derivedParams(d: Derived) {
    return {
      name: d.name,
      nameSort: d.nameSort,
      email: d.email,
      emails: JSON.stringify(d.emails),
      phones: JSON.stringify(d.phones),
      countries: JSON.stringify(d.countries),
      gigsUserId: d.gigsUserId,
      centraCustomerId: d.centraCustomerId,
      inGigs: d.systems.includes('gigs') ? 1 : 0,
      inCentra: d.systems.includes('centra') ? 1 : 0,
      gigsLive: d.gigsLive,
      centraLive: d.centraLive,
      searchText: d.searchText,
      searchKeys: d.keys.join(' '),
    };
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
      for (const row of this.select[column].all(JSON.stringify([...updates.keys()])) as { key: string; facts: string | null }[]) current.set(row.key, row.facts);
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

  /** Builds up to `limit` dirty rows (one transaction per batch). Returns how many were built. */
  buildSome(limit = BUILD_BATCH): number {
    const run = this.db.$client.transaction(() => {
      const rows = this.dirtyBatch.all(limit) as RawRow[];
      for (const row of rows) this.writeRow(row);
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
   * Builds one person's row now (after a refresh), whatever its dirty flag, and asks for plan_stats
   * to follow (debounced: at most once a minute, off the request).
   */
  buildKey(key: string): boolean {
    const row = this.rowByKey.get(key) as RawRow | undefined;
    if (!row) return false;
    this.writeRow(row);
    schedulePlanStats(this.db, this.clock);
    return true;
  }

  private writeRow(row: RawRow) {
    const gigs = row.gigs ? (JSON.parse(row.gigs) as GigsFacts) : null;
    const centra = row.centra ? (JSON.parse(row.centra) as CentraFacts) : null;
    const d = derive(row.id, row.key, gigs, centra);
    this.writeDerived.run({ ...this.derivedParams(d), seq: row.seq });
    this.followRow(row, d);
    this.subscriptions.write(row.seq, gigs, centra);
  }

  /**
   * The FTS entry and the keys follow the row; only what changed is written. (Directly, not by
   * trigger: an AFTER UPDATE trigger made the FTS insert about ten times slower.)
   */
  private followRow(row: RawRow, d: Derived) {
    if (row.text !== d.searchText) {
      if (row.text !== null) this.ftsDrop.run(row.seq, row.text);
      this.ftsAdd.run(row.seq, d.searchText);
    }
    // A row whose text was never set (new, its build interrupted) has none of its keys indexed yet.
    const before = row.keys && row.text !== null ? row.keys.split(' ') : [];
    const after = new Set(d.keys);
    for (const k of before) if (!after.has(k)) this.dropKey.run(k, row.seq);
    const had = new Set(before);
    for (const k of d.keys) if (!had.has(k)) this.addKey.run(k, row.seq);
  }
}

type RawRow = { seq: number; id: string; key: string; gigs: string | null; centra: string | null; keys: string | null; text: string | null };
