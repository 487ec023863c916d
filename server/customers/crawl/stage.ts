import type Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import type { Db } from '../../../db/connection.ts';
import { pendingKeysSql } from '../index/key-sort.ts';

/**
 * The crawl's scratch space, in subdesk's own file so that a staged page and its phase cursor
 * commit together (a crash never loses a page the cursor has passed). A batch of pages becomes one
 * appended row per bucket, its parts in crawl order: no read, no merge (a row per item cost a
 * B-tree insert per item, the most of the crawl's time while reading). The builder then takes one
 * bucket (1/BUCKETS of the people, grouped in memory: bounded) at a time, in crawl order.
 *
 * These tables are created here, not by a migration: they are empty between crawls, only the
 * crawler reads them, and a missing or dropped one is simply recreated.
 */
export const STAGE_BUCKETS = 64;

/** One staged batch of one bucket: its parts' e-mail keys (JSON array) and the parts (JSON array), in crawl order. */
export type StagedRow = { id: number; keys: string; parts: string };

/**
 * Indexes a first build into an empty index drops and recreates at its end: a million random
 * inserts into each (customer id, subscription id, name, Gigs user id, Centra customer id, plan,
 * created date) cost more than the rest of the build, while CREATE INDEX sorts once. Their exact
 * SQL is read from the schema and saved in crawl_stage_flags with the drop, so the same index
 * comes back (at the end of the build, or when the crawler starts after a crash). Until then a
 * customer page found by id reads the whole table: slow, but only while a first build runs. The
 * e-mail key's unique index (upserts conflict on it) and customer_seq (the builder deletes by it)
 * are never dropped.
 */
export const BULK_DROPPED_INDEXES = [
  'customers_id_unique',
  'indexed_subscriptions_id_idx',
  'customers_name_sort_idx',
  'customers_gigs_user_idx',
  'customers_centra_customer_idx',
  'indexed_subscriptions_plan_idx',
  'indexed_subscriptions_created_idx',
  'indexed_subscriptions_canceled_idx',
];

/**
 * A unique index that may meet duplicates when it comes back: a subscription that moved to
 * another person while the build ran (a refresh) was written twice. The row written last wins, as
 * INSERT OR REPLACE would have decided.
 */
const DEDUPLICATE_BEFORE: Record<string, string> = {
  indexed_subscriptions_id_idx: 'DELETE FROM indexed_subscriptions WHERE rowid NOT IN (SELECT max(rowid) FROM indexed_subscriptions GROUP BY system, id)',
};

/** A bucket's staged rows in crawl order (also read by the build worker, on its own connection). */
export const bucketRowsStatement = (s: Database.Database) => s.prepare('SELECT id, keys, parts FROM crawl_stage_batches WHERE bucket = ? ORDER BY id');

/** FNV-1a over the key: cheap, and spreads e-mail keys evenly over the buckets. */
export function bucketOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % STAGE_BUCKETS;
}

/** One staged batch's rows: one per bucket its people fall in, keys and parts (JSON arrays) in crawl order. */
export function stagedRowsOf(keys: string[], parts: string[]): { bucket: number; items: number; keys: string; parts: string }[] {
  const byBucket = new Map<number, { keys: string[]; parts: string[] }>();
  for (let i = 0; i < keys.length; i++) {
    const b = bucketOf(keys[i]!);
    let batch = byBucket.get(b);
    if (!batch) byBucket.set(b, (batch = { keys: [], parts: [] }));
    batch.keys.push(keys[i]!);
    batch.parts.push(parts[i]!);
  }
  return [...byBucket].map(([bucket, batch]) => ({ bucket, items: batch.keys.length, keys: JSON.stringify(batch.keys), parts: `[${batch.parts.join(',')}]` }));
}

/**
 * New rows whose exact keys wait for the end of the build (CrawlStage.deferKeys). Created by the
 * stage and by the store, which takes a row out of the wait when it rebuilds it. A stage left by
 * an older version kept these rows' search text too (crawl_stage_new_rows): those rows are marked
 * dirty instead, and the next build writes their text and keys.
 */
export function ensurePendingKeys(s: Database.Database) {
  // crawl_stage_rebuilt: rows that took their keys out of the wait while a sorted copy was made.
  s.exec(`CREATE TABLE IF NOT EXISTS crawl_stage_new_keys (seq INTEGER PRIMARY KEY, keys TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS crawl_stage_rebuilt (seq INTEGER PRIMARY KEY);`);
  if (s.prepare("SELECT 1 FROM sqlite_master WHERE name = 'crawl_stage_new_rows'").get()) {
    s.transaction(() => {
      s.exec('UPDATE customers SET dirty = 1 WHERE seq IN (SELECT seq FROM crawl_stage_new_rows); DROP TABLE crawl_stage_new_rows');
    }).immediate();
  }
}

export class CrawlStage {
  private readonly s: Database.Database;
  private readonly insert;
  private nextId: number;
  private readonly dropUpTo;
  private readonly count;
  private readonly insertPendingKeys;
  private readonly setFlag;
  private readonly clearFlag;

  constructor(db: Db) {
    const s = (this.s = db.$client);
    // Clustered by bucket: appends go to 64 hot leaves, and reading a bucket reads its pages only
    // (with a rowid table, every bucket's rows were spread over the whole stage: each bucket read
    // touched nearly every page, and a million-customer build slowed down as it went).
    s.exec(`CREATE TABLE IF NOT EXISTS crawl_stage_batches (bucket INTEGER NOT NULL, id INTEGER NOT NULL, items INTEGER NOT NULL, keys TEXT NOT NULL, parts TEXT NOT NULL, PRIMARY KEY (bucket, id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS crawl_stage_flags (name TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    // A stage an older version left (one row per item) carries on as one-item batches.
    if (s.prepare("SELECT 1 FROM sqlite_master WHERE name = 'crawl_stage_rows'").get()) {
      s.transaction(() => {
        s.exec(`INSERT INTO crawl_stage_batches (bucket, id, items, keys, parts) SELECT bucket, id, 1, json_array(key), '[' || part || ']' FROM crawl_stage_rows;
          DROP TABLE crawl_stage_rows`);
      }).immediate();
    }
    ensurePendingKeys(s);
    this.insert = s.prepare('INSERT INTO crawl_stage_batches (bucket, id, items, keys, parts) VALUES (?, ?, ?, ?, ?)');
    this.dropUpTo = s.prepare('DELETE FROM crawl_stage_batches WHERE bucket = ? AND id <= ?');
    this.count = s.prepare('SELECT coalesce(sum(items), 0) AS n FROM crawl_stage_batches');
    // Crawl order across buckets: one counter, continued from what a crash left.
    this.nextId = ((s.prepare('SELECT max(id) AS id FROM crawl_stage_batches').get() as { id: number | null }).id ?? 0) + 1;
    this.insertPendingKeys = s.prepare('INSERT OR REPLACE INTO crawl_stage_new_keys (seq, keys) VALUES (?, ?)');
    this.setFlag = s.prepare('INSERT OR REPLACE INTO crawl_stage_flags (name, value) VALUES (?, ?)');
    this.clearFlag = s.prepare('DELETE FROM crawl_stage_flags WHERE name = ?');
    this.restoreIndexes();
  }

  /** Drops BULK_DROPPED_INDEXES, keeping their SQL; call inside the build's first transaction. */
  dropIndexesForBulk() {
    for (const name of BULK_DROPPED_INDEXES) {
      const sql = this.s.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?").pluck().get(name) as string | undefined;
      if (!sql) continue;
      this.setFlag.run(`index:${name}`, sql);
      this.s.exec(`DROP INDEX "${name}"`);
    }
  }

  /** Recreates every index dropped for a bulk build (idempotent; nothing to do normally). */
  restoreIndexes() {
    while (this.s.transaction(() => this.restoreOneIndex()).immediate());
  }

  /** Recreates one dropped index (call inside a transaction); false when none was left. */
  restoreOneIndex(): boolean {
    const saved = this.s.prepare("SELECT name, value FROM crawl_stage_flags WHERE name LIKE 'index:%' ORDER BY rowid LIMIT 1").get() as
      | { name: string; value: string }
      | undefined;
    if (!saved) return false;
    const index = saved.name.slice('index:'.length);
    if (!this.s.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(index)) {
      try {
        this.s.exec(saved.value);
      } catch (err) {
        const dedupe = DEDUPLICATE_BEFORE[index];
        if (!dedupe || (err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
        this.s.exec(dedupe);
        this.s.exec(saved.value);
      }
    }
    this.clearFlag.run(saved.name);
    return true;
  }

  /**
   * Appends parts (JSON, in crawl order) with their people's e-mail keys: one row per bucket they
   * fall in. Call inside the transaction that also saves the phase's cursor.
   */
  add(keys: string[], parts: string[]) {
    const id = this.nextId++;
    for (const row of stagedRowsOf(keys, parts)) this.insert.run(row.bucket, id, row.items, row.keys, row.parts);
  }

  /** Staged parts not yet built. */
  size(): number {
    return (this.count.get() as { n: number }).n;
  }

  /** Forgets a bucket's rows up to `lastId` (inside the transaction that built them). */
  drop(b: number, lastId: number) {
    this.dropUpTo.run(b, lastId);
  }

  /**
   * New rows get their customer_keys at the end of the build, in one sorted insert: random inserts
   * into a B-tree bigger than the page cache cost many times more. Until then the row is found by
   * its search text, not yet by an exact id; a crash before the flush leaves the keys for the next
   * build's flush.
   */
  deferKeys(seq: number, keys: string[]) {
    this.insertPendingKeys.run(seq, JSON.stringify(keys));
  }

  /**
   * Call inside one transaction: indexes the keys of every new row still waiting (a row rebuilt
   * meanwhile, say by a refresh, took its keys out of the wait: RowWriter.followRow).
   */
  flushKeys(): number {
    const n = this.s.prepare(`INSERT OR IGNORE INTO customer_keys (key, seq) ${pendingKeysSql('main')}`).run().changes;
    this.forgetPendingKeys();
    return n;
  }

  /**
   * The same, from the sorted copy sortPendingKeys made (key-sort.ts): appended in chunks of
   * `chunk` keys, one transaction each, the server answering in between. Keys of rows rebuilt
   * after the copy was made are left out: their rebuild wrote their current keys. The copy is
   * removed at the end; a crash before leaves the keys waiting, and the next build sorts again.
   */
  async appendSortedKeys(scratchPath: string, chunk: number): Promise<number> {
    const s = this.s;
    s.prepare('ATTACH ? AS keysort').run(scratchPath);
    let appended = 0;
    try {
      const append = s.prepare(`INSERT OR IGNORE INTO customer_keys (key, seq) SELECT key, seq FROM keysort.sorted k
        WHERE rowid > ? AND rowid <= ? AND NOT EXISTS (SELECT 1 FROM crawl_stage_rebuilt r WHERE r.seq = k.seq)`);
      const total = s.prepare('SELECT max(rowid) FROM keysort.sorted').pluck().get() as number | null;
      for (let from = 0; from < (total ?? 0); from += chunk) {
        appended += s.transaction(() => append.run(from, from + chunk).changes).immediate();
        await new Promise((r) => setImmediate(r));
      }
      s.transaction(() => this.forgetPendingKeys()).immediate();
    } finally {
      s.exec('DETACH keysort');
      rmSync(scratchPath, { force: true });
    }
    return appended;
  }

  /** Nothing waits any more: every pending key is in customer_keys. */
  private forgetPendingKeys() {
    this.s.exec('DELETE FROM crawl_stage_new_keys; DELETE FROM crawl_stage_rebuilt');
  }
}
