import type { PoolClient } from 'pg';
import { inPgTransaction } from '../../../../db/pg.ts';
import { canonicalJson } from '../../../audit/canonical.ts';
import type { PostgresEngine } from '../../../storage/engine.ts';
import { writePeople } from '../../../storage/pg/index-writer.ts';
import { customerIdFor } from '../../normalise.ts';
import type { CentraFacts, GigsFacts, SystemName } from '../../types.ts';
import { gigsPartsChanging } from '../facts.ts';
import { STAGE_BUCKETS, type StagedRow } from '../../crawl/stage.ts';
import { partsByPerson } from '../bucket-build.ts';
import { buildPerson, type DerivedColumns, type ExistingRow, type PersonBuild } from '../person-build.ts';
import { sameSubscriptionRows, type SubscriptionRow } from '../subscriptions-index.ts';
import { PlanStatsSchedule, recountPlanStatsOnPostgres } from '../plan-stats.ts';
import type { CentraRow, GigsRow, IndexUpdates, IndexWriter } from './types.ts';

/** Dirty rows built per transaction by buildAll. */
const BUILD_BATCH = 2000;
/** People written by a staged build past which the tables' statistics are gathered at once. */
const ANALYZE_AFTER_BUILT = 1000;
/** Rows read per chunk when looking for people a full crawl did not see. */
const FORGET_SCAN = 50_000;

/** The columns a build starts from, as ExistingRow; the facts as canonical JSON (jsonb keeps its own key order). */
const EXISTING = `SELECT seq, id, email_key AS key, gigs, centra, search_keys AS keys, search_text AS text, dirty, updated_at AS "updatedAt" FROM customers`;

/**
 * A row as it stands, for the look a write takes before it locks anything: the columns a build
 * derives (named as DerivedColumns) and the person's indexed subscriptions, each as
 * SubscriptionRow, so that what a rebuild would write can be compared with what is there.
 */
const AS_BUILT = `SELECT c.seq, c.id, c.email_key AS key, c.gigs, c.centra, c.dirty, c.updated_at AS "updatedAt",
    c.name, c.name_sort AS "nameSort", c.email, c.emails, c.phones, c.countries, c.gigs_user_id AS "gigsUserId",
    c.centra_customer_id AS "centraCustomerId", c.in_gigs AS "inGigs", c.in_centra AS "inCentra", c.gigs_live AS "gigsLive",
    c.centra_live AS "centraLive", c.search_text AS "searchText", c.search_keys AS "searchKeys",
    (SELECT coalesce(json_agg(json_build_array(s.system, s.id, s.plan_id, s.status, s.discount, s.item, s.created_at, s.canceled_at)), '[]')
       FROM indexed_subscriptions s WHERE s.customer_seq = c.seq) AS subscriptions
  FROM customers c WHERE c.email_key = ANY($1::text[])`;

type AsBuiltRow = Pick<PgRow, 'seq' | 'id' | 'key' | 'gigs' | 'centra' | 'dirty' | 'updatedAt'> & {
  [C in keyof DerivedColumns]: unknown;
} & { subscriptions: SubscriptionRow[] };

type PgRow = {
  seq: number;
  id: string;
  key: string;
  gigs: GigsFacts | null;
  centra: CentraFacts | null;
  keys: string | null;
  text: string | null;
  dirty: boolean;
  updatedAt: string;
};

const existingRow = (r: PgRow): ExistingRow => ({
  seq: r.seq,
  id: r.id,
  key: r.key,
  gigs: r.gigs ? canonicalJson(r.gigs) : null,
  centra: r.centra ? canonicalJson(r.centra) : null,
  keys: r.keys,
  text: r.text,
});

/**
 * The index's writing side on PostgreSQL, shared by every instance. A write locks the rows it
 * changes (SELECT … FOR UPDATE) for its transaction, so two instances refreshing one person take
 * turns and each applies its change to what the other wrote. People are built with the same
 * buildPerson as on SQLite and written by server/storage/pg/index-writer.ts.
 */
export class PgIndexWriter implements IndexWriter {
  readonly planStats: PlanStatsSchedule;

  constructor(
    private readonly engine: PostgresEngine,
    private readonly clock: () => Date,
  ) {
    this.planStats = new PlanStatsSchedule(() => recountPlanStatsOnPostgres(engine.db, clock), clock);
  }

  private get pool() {
    return this.engine.db.$client;
  }

  private transaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    return inPgTransaction(this.pool, work);
  }

  async isEmpty() {
    return !(await this.pool.query('SELECT 1 FROM customers LIMIT 1')).rowCount;
  }

  async write(updates: IndexUpdates, unchangedSince?: Map<string, string | null>, how?: { readLive: boolean }): Promise<number | null> {
    const keys = [...new Set([...(updates.gigs?.keys() ?? []), ...(updates.centra?.keys() ?? []), ...(unchangedSince?.keys() ?? [])])].sort();
    if (!keys.length) return 0;
    const now = this.clock().toISOString();
    if ((await this.writeIfNothingChanges(keys, updates, unchangedSince, now, how?.readLive ?? false)) === 'done') return 0;
    const result = await this.transaction(async (client) => {
      // In e-mail key order: two writers locking overlapping people cannot deadlock.
      const rows = await client.query<PgRow>(`${EXISTING} WHERE email_key = ANY($1::text[]) ORDER BY email_key FOR UPDATE`, [keys]);
      const byKey = new Map(rows.rows.map((r) => [r.key, r]));
      for (const [key, seen] of unchangedSince ?? []) if ((byKey.get(key)?.updatedAt ?? null) !== seen) return null;
      let changed = 0;
      const people: PersonBuild[] = [];
      const touched = new Set<PersonBuild>();
      for (const key of keys) {
        const row = byKey.get(key);
        const gigsBefore = row?.gigs ?? null;
        const centraBefore = row?.centra ?? null;
        const gigs = applyUpdate(updates.gigs?.get(key), gigsBefore);
        const centra = applyUpdate(updates.centra?.get(key), centraBefore);
        const factsChanged = !sameFacts(gigs, gigsBefore) || !sameFacts(centra, centraBefore);
        if (!row && !gigs && !centra) continue;
        if (factsChanged) changed++;
        // Rebuilt even when the facts did not change, as on SQLite (CustomerStore.buildKey): a
        // refresh also mends a row whose derived columns went wrong.
        const person = personOf(key, gigs, centra, row);
        people.push(person);
        if (factsChanged || how?.readLive) touched.add(person);
      }
      await writePeople(client, people, now, (p) => touched.has(p));
      return changed;
    });
    if (result !== null) this.planStats.soon();
    return result;
  }

  /**
   * Most refreshes (every customer page) find what the index already has. Such a write is found
   * by reading the rows without locking them; it then needs no transaction: a `readLive` write
   * only moves each row's updated_at, in one statement and only where the row still holds the
   * facts it was read with. Anything else ('locked': a fact or a derived column that would change,
   * a dirty or missing row, a guard not met, other facts written in between) goes to the locked write,
   * which decides again under its locks. Without this, every page view held its person's row
   * locked across six round trips, and concurrent views of one person queued behind each other.
   */
  private async writeIfNothingChanges(
    keys: string[],
    updates: IndexUpdates,
    unchangedSince: Map<string, string | null> | undefined,
    now: string,
    readLive: boolean,
  ): Promise<'done' | 'locked'> {
    const { rows } = await this.pool.query<AsBuiltRow>(AS_BUILT, [keys]);
    const byKey = new Map(rows.map((r) => [r.key, r]));
    for (const [key, seen] of unchangedSince ?? []) if ((byKey.get(key)?.updatedAt ?? null) !== seen) return 'locked';
    for (const key of keys) {
      const row = byKey.get(key);
      const gigs = applyUpdate(updates.gigs?.get(key), row?.gigs ?? null);
      const centra = applyUpdate(updates.centra?.get(key), row?.centra ?? null);
      if (!row) {
        if (gigs || centra) return 'locked';
        continue;
      }
      if (row.dirty || !sameFacts(gigs, row.gigs) || !sameFacts(centra, row.centra)) return 'locked';
      if (!storedAsBuilt(row, builtFrom(key, gigs, centra, row))) return 'locked';
    }
    if (readLive && rows.length) {
      // Only rows that still hold these facts, built: another refresh of the person in between
      // moved updated_at alone, which this one may move on; any other write sends it to the lock.
      const { rowCount } = await this.pool.query(
        `UPDATE customers c SET updated_at = greatest(c.updated_at, $1::timestamptz)
         FROM unnest($2::bigint[], $3::jsonb[], $4::jsonb[]) AS r(seq, gigs, centra)
         WHERE c.seq = r.seq AND NOT c.dirty AND c.gigs IS NOT DISTINCT FROM r.gigs AND c.centra IS NOT DISTINCT FROM r.centra`,
        [now, rows.map((r) => r.seq), rows.map((r) => r.gigs && JSON.stringify(r.gigs)), rows.map((r) => r.centra && JSON.stringify(r.centra))],
      );
      // Moving the others' updated_at again under the lock is harmless.
      if (rowCount !== rows.length) return 'locked';
    }
    return 'done';
  }

  async forgetUnseen(seen: Record<SystemName, Set<string>>, since: string): Promise<number> {
    const gone: Record<SystemName, string[]> = { gigs: [], centra: [] };
    for (let after = 0; ; await new Promise((r) => setImmediate(r))) {
      const { rows } = await this.pool.query<{ seq: number; key: string; in_gigs: boolean; in_centra: boolean }>(
        `SELECT seq, email_key AS key, gigs IS NOT NULL AS in_gigs, centra IS NOT NULL AS in_centra FROM customers
         WHERE seq > $1 AND updated_at < $2 ORDER BY seq LIMIT ${FORGET_SCAN}`,
        [after, since],
      );
      for (const r of rows) {
        if (r.in_gigs && !seen.gigs.has(r.key)) gone.gigs.push(r.key);
        if (r.in_centra && !seen.centra.has(r.key)) gone.centra.push(r.key);
      }
      if (rows.length < FORGET_SCAN) break;
      after = rows.at(-1)!.seq;
    }
    // One statement for both systems, only on rows still untouched since the crawl began (a refresh
    // may have written one since the scan; and clearing one system must not shield the other).
    const { rowCount } = await this.pool.query(
      `UPDATE customers SET
         gigs = CASE WHEN email_key = ANY($1::text[]) THEN NULL ELSE gigs END,
         centra = CASE WHEN email_key = ANY($2::text[]) THEN NULL ELSE centra END,
         dirty = true, updated_at = $4
       WHERE (email_key = ANY($1::text[]) OR email_key = ANY($2::text[])) AND updated_at < $3`,
      [gone.gigs, gone.centra, since, this.clock().toISOString()],
    );
    return rowCount ?? 0;
  }

  async buildAll(onProgress?: (built: number) => void): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.transaction(async (client) => {
        const { rows } = await client.query<PgRow>(`${EXISTING} WHERE dirty ORDER BY seq LIMIT ${BUILD_BATCH} FOR UPDATE SKIP LOCKED`);
        await writePeople(
          client,
          rows.map((r) => personOf(r.key, r.gigs, r.centra, r)),
          this.clock().toISOString(),
          () => false,
        );
        return rows.length;
      });
      total += n;
      if (n) onProgress?.(total);
      if (n < BUILD_BATCH) return total;
    }
  }

  /**
   * Builds what a crawl staged (crawl_stage_batches, server/customers/crawl/store/postgres.ts), one
   * bucket per transaction: its rows read in crawl order, each person's parts applied to the row
   * as it is (locked), the people whose facts changed written, and the bucket's consumed rows
   * deleted in the same commit, so a crash re-applies nothing twice and a resumed build goes on
   * from the next bucket. Returns the rows written.
   */
  async buildStaged(onProgress?: (built: number) => void): Promise<number> {
    let built = 0;
    for (let bucket = 0; bucket < STAGE_BUCKETS; bucket++) {
      built += await this.transaction(async (client) => {
        const { rows } = await client.query<StagedRow>('SELECT id, keys, parts FROM crawl_stage_batches WHERE bucket = $1 ORDER BY id', [bucket]);
        if (!rows.length) return 0;
        const byPerson = partsByPerson(rows);
        const keys = [...byPerson.keys()].sort();
        const existing = await client.query<PgRow>(`${EXISTING} WHERE email_key = ANY($1::text[]) ORDER BY email_key FOR UPDATE`, [keys]);
        const byKey = new Map(existing.rows.map((r) => [r.key, r]));
        const people: PersonBuild[] = [];
        for (const key of keys) {
          const row = byKey.get(key);
          const person = buildPerson(key, byPerson.get(key)!, row && { ...existingRow(row), text: row.dirty ? null : row.text });
          if (person) people.push(row ? { ...person, before: existingRow(row) } : person);
        }
        await writePeople(client, people, this.clock().toISOString());
        await client.query('DELETE FROM crawl_stage_batches WHERE bucket = $1 AND id <= $2', [bucket, rows.at(-1)!.id]);
        return people.length;
      });
      onProgress?.(built);
    }
    // A first build fills empty tables: until autovacuum's next look (about a minute), the planner
    // would plan searches for the empty index it last saw.
    if (built >= ANALYZE_AFTER_BUILT) await this.pool.query('ANALYZE customers, customer_keys, customer_digit_suffixes, indexed_subscriptions');
    return built;
  }

  async gigsRowsOf(userId: string, key: string | null): Promise<GigsRow[]> {
    const { rows } = await this.pool.query<GigsRow>(
      'SELECT email_key AS key, gigs, updated_at AS "updatedAt" FROM customers WHERE gigs_user_id = $1 OR email_key = $2',
      [userId, key],
    );
    return rows;
  }

  async gigsPartsThatChange(keys: string[], parts: string[]) {
    const { rows } = await this.pool.query<{ key: string; gigs: GigsFacts | null }>(
      'SELECT email_key AS key, gigs FROM customers WHERE email_key = ANY($1::text[]) AND gigs IS NOT NULL',
      [[...new Set(keys)]],
    );
    const facts = new Map(rows.map((r) => [r.key, r.gigs!]));
    return gigsPartsChanging(facts, keys, parts);
  }

  async centraRowsOfCustomer(customerId: string): Promise<CentraRow[]> {
    return (await this.pool.query<CentraRow>('SELECT email_key AS key, centra FROM customers WHERE centra_customer_id = $1', [customerId])).rows;
  }

  async centraRowsWithKey(id: string): Promise<CentraRow[]> {
    const { rows } = await this.pool.query<CentraRow>(
      'SELECT DISTINCT c.email_key AS key, c.centra FROM customer_keys k JOIN customers c ON c.seq = k.seq WHERE k.key = $1 LIMIT 20',
      [id],
    );
    return rows;
  }
}

/** One update applied to a copy of the facts (an update may change what it is given). */
function applyUpdate<T>(update: ((cur: T | undefined) => T | null) | undefined, before: T | null): T | null {
  if (!update) return before;
  return update(before ? (structuredClone(before) as T) : undefined);
}

/** Whether a row holds exactly what `built` would write into it: its derived columns and its indexed subscriptions. */
function storedAsBuilt(row: AsBuiltRow, built: PersonBuild): boolean {
  for (const [column, value] of Object.entries(built.columns) as [keyof DerivedColumns, unknown][]) {
    const stored = row[column];
    // jsonb arrays come back parsed, booleans as booleans: compared in the builder's own form.
    const asBuilt = typeof stored === 'boolean' ? Number(stored) : stored !== null && typeof stored === 'object' ? JSON.stringify(stored) : stored;
    if (asBuilt !== value) return false;
  }
  return sameSubscriptionRows(row.subscriptions, built.subscriptions);
}

function sameFacts(a: unknown, b: unknown): boolean {
  if (a === null || b === null) return a === b;
  return canonicalJson(a) === canonicalJson(b);
}

/** A person built from whole facts (no staged parts): a new row, or the existing one rebuilt. */
function personOf(key: string, gigs: GigsFacts | null, centra: CentraFacts | null, row: PgRow | undefined): PersonBuild {
  return { ...builtFrom(key, gigs, centra, row), before: row ? existingRow(row) : null };
}

/** What building these facts gives, as for a row never built (text null), so that buildPerson builds it whatever it held. */
function builtFrom(key: string, gigs: GigsFacts | null, centra: CentraFacts | null, row: { seq: number; id: string } | undefined): PersonBuild {
  const from: ExistingRow = {
    seq: row?.seq ?? 0,
    id: row?.id ?? customerIdFor(key),
    key,
    gigs: gigs && JSON.stringify(gigs),
    centra: centra && JSON.stringify(centra),
    keys: null,
    text: null,
  };
  return buildPerson(key, [], from)!;
}
