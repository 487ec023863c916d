import type { Db } from '../../../db/connection.ts';
import { customerIdFor } from '../normalise.ts';
import type { CentraFacts, GigsFacts } from '../types.ts';
import { changesGigs, type StagedPart } from './facts.ts';
import { SubscriptionsIndex, subscriptionRows } from './subscriptions-index.ts';
import { PlanStatsSchedule } from './plan-stats.ts';
import { STAGE_BUCKETS, ensurePendingKeys, type CrawlStage } from '../crawl/stage.ts';
import { buildPerson, columnsOf, type ExistingRow, type PersonBuild } from './person-build.ts';
import { BucketComputer, EXISTING_ROW_SQL, type BucketBuild } from './bucket-build.ts';
import { inThreadBuckets, workerBuckets, type BucketSource } from './bucket-source.ts';
import { keySortPath } from './key-sort.ts';

type Column = 'gigs' | 'centra';

/** Build sizes, for tests that need the worker or many commits on a small crawl. */
export type BuildTuning = { workerFromStaged?: number; peoplePerCommit?: number; keysPerCommit?: number };
type FactsOf<C extends Column> = C extends 'gigs' ? GigsFacts : CentraFacts;

/** Changes one person's facts for one system; receives the current facts (or undefined). */
export type FactsUpdate<C extends Column> = (current: FactsOf<C> | undefined) => FactsOf<C> | null;

const BUILD_BATCH = 2000;
/** Rows read per chunk when looking for people a full crawl did not see. */
const FORGET_SCAN = 50_000;
/**
 * People built per transaction from the stage: big enough to amortise the commit (each commit
 * writes every page it dirtied), small enough to keep the server answering (~0.5 s a batch).
 */
const STAGED_CHUNK = 4000;
/** Sorted keys appended per transaction at the end of a build (~0.3 s each). */
const KEYS_PER_COMMIT = 500_000;
/** WAL pages between checkpoints while building (4 KiB each). */
const BUILD_WAL_CHECKPOINT_PAGES = 50_000;
/** Page cache while building (KiB, negative as PRAGMA cache_size takes it): bounded, restored after. */
const BUILD_CACHE_KIB = -262_144;
/** Buckets requested from the computer ahead of the one being written (a bucket at a million is ~16,000 people). */
const BUCKETS_AHEAD = 2;
/**
 * Staged rows from which a build computes in a worker thread: below this, starting the worker
 * (~0.3 s) costs more than it saves. In-memory databases always compute in-thread.
 */
const WORKER_FROM_STAGED = 50_000;

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
  private readonly takePendingKeys;
  private readonly noteRebuilt;
  private computerOnce: BucketComputer | undefined;
  private readonly insertBuilt;
  private readonly updateBuilt;
  private readonly gigsRows;
  readonly subscriptions: SubscriptionsIndex;
  /** plan_stats recounts after refreshes, debounced; the crawler notes its own recount here. */
  readonly planStats: PlanStatsSchedule;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
    private readonly tuning: BuildTuning = {},
  ) {
    const s = db.$client;
    this.planStats = new PlanStatsSchedule(db, clock);
    const sel = (col: Column) => s.prepare(`SELECT email_key AS key, ${col} AS facts FROM customers WHERE email_key IN (SELECT value FROM json_each(?))`);
    const ups = (col: Column) =>
      s.prepare(`INSERT INTO customers (id, email_key, ${col}, dirty, updated_at) VALUES (@id, @key, @facts, 1, @now)
        ON CONFLICT(email_key) DO UPDATE SET ${col} = excluded.${col}, dirty = 1, updated_at = excluded.updated_at`);
    this.select = { gigs: sel('gigs'), centra: sel('centra') };
    this.upsert = { gigs: ups('gigs'), centra: ups('centra') };
    this.dirtyBatch = s.prepare(`${EXISTING_ROW_SQL} WHERE dirty = 1 ORDER BY seq LIMIT ?`);
    this.rowByKey = s.prepare(`${EXISTING_ROW_SQL} WHERE email_key = ?`);
    this.addKey = s.prepare('INSERT OR IGNORE INTO customer_keys (key, seq) VALUES (?, ?)');
    this.dropKey = s.prepare('DELETE FROM customer_keys WHERE key = ? AND seq = ?');
    this.ftsAdd = s.prepare('INSERT INTO customers_fts (rowid, search_text) VALUES (?, ?)');
    this.ftsDrop = s.prepare("INSERT INTO customers_fts (customers_fts, rowid, search_text) VALUES ('delete', ?, ?)");
    this.writeDerived = s.prepare(`UPDATE customers SET name = @name, name_sort = @nameSort, email = @email, emails = @emails,
      phones = @phones, countries = @countries, gigs_user_id = @gigsUserId, centra_customer_id = @centraCustomerId,
      in_gigs = @inGigs, in_centra = @inCentra, gigs_live = @gigsLive, centra_live = @centraLive,
      search_text = @searchText, search_keys = @searchKeys, dirty = 0 WHERE seq = @seq`);
    ensurePendingKeys(s);
    this.takePendingKeys = s.prepare('DELETE FROM crawl_stage_new_keys WHERE seq = ?');
    this.noteRebuilt = s.prepare('INSERT OR IGNORE INTO crawl_stage_rebuilt (seq) VALUES (?)');
    this.subscriptions = new SubscriptionsIndex(s);
    this.gigsRows = s.prepare('SELECT email_key AS key, gigs, updated_at AS updatedAt FROM customers WHERE gigs_user_id = ? OR email_key = ?');
    const derivedColumns = `name, name_sort, email, emails, phones, countries, gigs_user_id, centra_customer_id, in_gigs, in_centra, gigs_live, centra_live, search_text, search_keys`;
    const derivedValues = `@name, @nameSort, @email, @emails, @phones, @countries, @gigsUserId, @centraCustomerId, @inGigs, @inCentra, @gigsLive, @centraLive, @searchText, @searchKeys`;
    // A new row's FTS entry is written by the builder right after it (no trigger: an AFTER INSERT
    // trigger made each FTS insert ~3.5 times slower); its keys wait for the end (deferKeys).
    this.insertBuilt = s.prepare(`INSERT INTO customers (id, email_key, gigs, centra, ${derivedColumns}, dirty, updated_at)
      VALUES (@id, @key, @gigs, @centra, ${derivedValues}, 0, @now)`);
    this.updateBuilt = s.prepare(`UPDATE customers SET gigs = @gigs, centra = @centra, name = @name, name_sort = @nameSort, email = @email, emails = @emails,
      phones = @phones, countries = @countries, gigs_user_id = @gigsUserId, centra_customer_id = @centraCustomerId,
      in_gigs = @inGigs, in_centra = @inCentra, gigs_live = @gigsLive, centra_live = @centraLive,
      search_text = @searchText, search_keys = @searchKeys, dirty = 0, updated_at = @now WHERE seq = @seq`);
  }

  /** No row yet: the index was never filled. */
  isEmpty(): boolean {
    return !this.db.$client.prepare('SELECT 1 FROM customers LIMIT 1').get();
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
    const fresh = this.isEmpty();
    if (fresh && stage.size()) s.transaction(() => stage.dropIndexesForBulk()).immediate();
    const cacheBefore = s.pragma('cache_size', { simple: true }) as number;
    s.pragma(`cache_size = ${BUILD_CACHE_KIB}`);
    // The WAL is copied into the file every ~200 MB rather than every 4 MB: a page the build
    // writes many times (the indexes' upper levels) is copied once per round, not per commit,
    // and the WAL stays bounded (unbounded, the end of a million-person build slowed by half).
    const autoCheckpoint = s.pragma('wal_autocheckpoint', { simple: true }) as number;
    s.pragma(`wal_autocheckpoint = ${BUILD_WAL_CHECKPOINT_PAGES}`);
    const source = this.bucketSource(stage.size());
    try {
      try {
        built = await this.buildBuckets(stage, source, fresh, onProgress);
      } finally {
        s.pragma(`cache_size = ${cacheBefore}`);
      }
      await this.finishBuild(stage, source);
    } finally {
      await source.close();
      s.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
      s.pragma('wal_checkpoint(PASSIVE)');
    }
    return built;
  }

  /**
   * New rows' keys were set aside; they join the index in one sorted insert, and the indexes a
   * bulk build dropped come back one by one, the server answering in between. With a worker, it
   * sorts the keys into a scratch file while the indexes are recreated, and the sorted keys are
   * then appended in chunks. These sorts (ten million keys at a million people) spill to
   * temporary files rather than memory (temp_store is MEMORY for subdesk's own small temp work).
   */
  private async finishBuild(stage: CrawlStage, source: BucketSource) {
    const s = this.db.$client;
    const tempStore = s.pragma('temp_store', { simple: true }) as number;
    s.pragma('temp_store = FILE');
    try {
      const sorting = source.sortPendingKeys?.();
      sorting?.catch(() => undefined);
      while (s.transaction(() => stage.restoreOneIndex()).immediate()) await new Promise((r) => setImmediate(r));
      if (sorting) {
        await sorting;
        await stage.appendSortedKeys(keySortPath(s.name), this.tuning.keysPerCommit ?? KEYS_PER_COMMIT);
      } else {
        s.transaction(() => stage.flushKeys()).immediate();
      }
    } finally {
      s.pragma(`temp_store = ${tempStore}`);
    }
  }

  /** `fresh`: the index was empty, so nobody has a row yet (each person is in one bucket only). */
  private async buildBuckets(stage: CrawlStage, source: BucketSource, fresh: boolean, onProgress?: (built: number) => void): Promise<number> {
    let built = 0;
    const s = this.db.$client;
    // A batch may span buckets (small crawls) or part of one (big ones): what matters for speed is
    // people per commit, since every commit writes each page it dirtied to the WAL once.
    let batch: PersonBuild[] = [];
    let drops: [number, number][] = [];
    const commit = async () => {
      // In e-mail order: inserts into the email_key index land next to each other.
      const people = batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const done = drops;
      batch = [];
      drops = [];
      built += s.transaction(() => {
        const n = this.writePeople(people, stage, fresh);
        for (const [b, lastId] of done) stage.drop(b, lastId);
        return n;
      }).immediate();
      onProgress?.(built);
      await new Promise((r) => setImmediate(r));
    };
    // The next buckets are computed (in the worker, for big builds) while this one is written.
    // More than one ahead: a bucket whose people only fill the batch (no commit) is taken at once,
    // and with one request in flight the writer then waited for a whole computation.
    const ahead: Promise<BucketBuild>[] = [];
    const request = (b: number) => {
      if (b >= STAGE_BUCKETS) return;
      const p = source.get(b, fresh);
      p.catch(() => undefined);
      ahead.push(p);
    };
    for (let b = 0; b < BUCKETS_AHEAD; b++) request(b);
    for (let b = 0; b < STAGE_BUCKETS; b++) {
      const current = await ahead.shift()!;
      request(b + BUCKETS_AHEAD);
      for (const person of current.people) {
        batch.push(person);
        if (batch.length >= (this.tuning.peoplePerCommit ?? STAGED_CHUNK)) await commit();
      }
      // The bucket's rows go when its last person is written (a crash before re-applies them: harmless).
      if (current.lastId !== null) drops.push([b, current.lastId]);
    }
    if (batch.length || drops.length) await commit();
    return built;
  }

  /** Made on first use: the stage's tables exist once a crawler has been made (crawl/stage.ts). */
  private get computer(): BucketComputer {
    return (this.computerOnce ??= new BucketComputer(this.db.$client));
  }

  private bucketSource(staged: number): BucketSource {
    const s = this.db.$client;
    return !s.memory && staged >= (this.tuning.workerFromStaged ?? WORKER_FROM_STAGED) ? workerBuckets(s.name) : inThreadBuckets(this.computer);
  }

  /**
   * Writes computed people. A row computed from what the index had may have changed since (a
   * customer refreshed while the build ran): such a person is recomputed here from the row as it
   * is now, inside the transaction.
   */
  private writePeople(people: PersonBuild[], stage: CrawlStage, fresh: boolean): number {
    const live = fresh ? null : this.computer.existing(people.map((p) => p.key));
    const now = this.clock().toISOString();
    let written = 0;
    for (const computed of people) {
      let person: PersonBuild | null = computed;
      const row = live?.get(computed.key);
      if (live && !sameRow(row, computed.before)) person = buildPerson(computed.key, computed.parts ?? [], row);
      if (!person) continue;
      const values = { ...person.columns, id: person.id, key: person.key, gigs: person.gigs, centra: person.centra, now };
      if (person.before) {
        this.updateBuilt.run({ ...values, seq: person.before.seq });
        this.followRow(person.before, person.columns.searchText, person.keys);
        this.subscriptions.write(person.before.seq, person.subscriptions);
      } else {
        const seq = Number(this.insertBuilt.run(values).lastInsertRowid);
        this.ftsAdd.run(seq, person.columns.searchText);
        stage.deferKeys(seq, person.keys);
        this.subscriptions.write(seq, person.subscriptions, true);
      }
      written++;
    }
    return written;
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
  gigsRowsOf(userId: string, key: string | null): { key: string; gigs: GigsFacts | null; updatedAt: string }[] {
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
    const kept = { keys: [] as string[], parts: [] as string[] };
    for (let i = 0; i < parts.length; i++) {
      const part = JSON.parse(parts[i]!) as StagedPart;
      if ((part.t === 'gu' || part.t === 'gs') && !changesGigs(facts.get(keys[i]!), part)) continue;
      kept.keys.push(keys[i]!);
      kept.parts.push(parts[i]!);
    }
    return kept;
  }

  /** Builds up to `limit` dirty rows (one transaction per batch). Returns how many were built. */
  buildSome(limit = BUILD_BATCH): number {
    const run = this.db.$client.transaction(() => {
      const rows = this.dirtyBatch.all(limit) as ExistingRow[];
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
    const row = this.rowByKey.get(key) as ExistingRow | undefined;
    if (!row) return false;
    this.writeRow(row);
    this.planStats.soon();
    return true;
  }

  private writeRow(row: ExistingRow) {
    const gigs = row.gigs ? (JSON.parse(row.gigs) as GigsFacts) : null;
    const centra = row.centra ? (JSON.parse(row.centra) as CentraFacts) : null;
    const { columns, keys } = columnsOf(row.id, row.key, gigs, centra);
    this.writeDerived.run({ ...columns, seq: row.seq });
    this.followRow(row, columns.searchText, keys);
    this.subscriptions.write(row.seq, subscriptionRows(gigs, centra));
  }

  /**
   * The FTS entry and the keys follow the row; only what changed is written. (Directly, not by
   * trigger: an AFTER UPDATE trigger made the FTS insert about ten times slower.)
   */
  private followRow(row: ExistingRow, searchText: string, keys: string[]) {
    if (row.text !== searchText) {
      if (row.text !== null) this.ftsDrop.run(row.seq, row.text);
      this.ftsAdd.run(row.seq, searchText);
    }
    // A row whose keys still wait for the end of a build (or whose text was never set: built by an
    // older version and interrupted) has none of its keys indexed yet; they are written here.
    const pending = this.takePendingKeys.run(row.seq).changes > 0;
    if (pending) this.noteRebuilt.run(row.seq);
    const before = row.keys && row.text !== null && !pending ? row.keys.split(' ') : [];
    const after = new Set(keys);
    for (const k of before) if (!after.has(k)) this.dropKey.run(k, row.seq);
    const had = new Set(before);
    for (const k of keys) if (!had.has(k)) this.addKey.run(k, row.seq);
  }
}

/** The same row, unchanged (both absent counts as the same). */
function sameRow(a: ExistingRow | undefined, b: ExistingRow | null): boolean {
  if (!a || !b) return !a && !b;
  return a.seq === b.seq && a.gigs === b.gigs && a.centra === b.centra && a.text === b.text && a.keys === b.keys;
}
