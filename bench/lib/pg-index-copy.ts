import { statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../../db/connection.ts';
import type { PgDb } from '../../db/pg.ts';

/**
 * Copies a crawled SQLite customer index (customers, customer_keys, indexed_subscriptions) into
 * PostgreSQL, seqs kept, so both engines hold the same people under the same numbers and the
 * search bench can compare their answers. Built for a million people: COPY (text format) streamed
 * from SQLite row by row, into tables emptied in the same transaction with their indexes and
 * keys dropped, which are rebuilt once at the end (a sort each, not ten million B-tree inserts).
 * On a server with wal_level=minimal, COPY into a table truncated in its own transaction also
 * skips the WAL. The bench's own tool: the product's index writer is server/storage/pg/index-writer.ts.
 */
const TABLES = [
  {
    name: 'customers',
    columns: [
      'seq',
      'id',
      'email_key',
      'name',
      'name_sort',
      'email',
      'emails',
      'phones',
      'countries',
      'gigs_user_id',
      'centra_customer_id',
      'in_gigs',
      'in_centra',
      'gigs_live',
      'centra_live',
      'gigs',
      'centra',
      'search_text',
      'search_keys',
      'dirty',
      'updated_at',
    ],
  },
  { name: 'customer_keys', columns: ['key', 'seq'] },
  {
    name: 'indexed_subscriptions',
    columns: ['system', 'id', 'customer_seq', 'plan_id', 'status', 'discount', 'item', 'created_at', 'canceled_at'],
  },
] as const;
/**
 * Tables the copy fills without COPY: customer_digit_suffixes, which customers' statement trigger
 * (migration 0005) fills from each COPY's rows in one INSERT. Its key is dropped and rebuilt with
 * the others, so those nine million rows go in unindexed and are sorted once.
 */
const DERIVED_TABLES = ['customer_digit_suffixes'];
const TABLE_NAMES = [...TABLES.map((t) => t.name), ...DERIVED_TABLES];

/** COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
function copyField(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  const s = String(v); // SQLite's 0/1 booleans are valid boolean input, its JSON text valid jsonb
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;
}

/** The rows of one SQLite query as COPY text, a few thousand lines per chunk. */
function* copyText(rows: Iterable<unknown[]>): Generator<string> {
  let chunk = '';
  let n = 0;
  for (const row of rows) {
    chunk += `${row.map(copyField).join('\t')}\n`;
    if (++n % 2000 === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** What identifies the source: a new crawl (another size or time) means another load. */
export function sourceStamp(sqlitePath: string): string {
  const s = statSync(sqlitePath);
  return `subdesk bench: copied from ${sqlitePath} (${s.size} bytes, modified ${s.mtime.toISOString()})`;
}

/** True when the database already holds this source's copy, indexes built. */
export async function holdsCopyOf(db: PgDb, sqlitePath: string): Promise<boolean> {
  const { rows } = await db.$client.query<{ comment: string | null }>(`SELECT obj_description('customers'::regclass, 'pg_class') AS comment`);
  return rows[0]!.comment === sourceStamp(sqlitePath);
}

export type CopyTimes = { rows: Record<string, number>; copySeconds: Record<string, number>; indexSeconds: number; analyzeSeconds: number };

/** Copies `lite` (the index at `sqlitePath`) into `db`, replacing what its three tables held. */
export async function copyIndexFromSqlite(sqlitePath: string, lite: Db, db: PgDb, log: (line: string) => void): Promise<CopyTimes> {
  const client = await db.$client.connect();
  const seconds = (since: number) => (performance.now() - since) / 1000;
  try {
    await client.query(`SET maintenance_work_mem = '1GB'`);
    await client.query('SET max_parallel_maintenance_workers = 2');
    await client.query('BEGIN');
    // Keys and indexes as the migrations made them, to be made again after the rows are in.
    const constraints = (
      await client.query<{ tbl: string; name: string; def: string }>(
        `SELECT conrelid::regclass::text AS tbl, conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE conrelid = ANY($1::regclass[]) AND contype IN ('p', 'u')`,
        [TABLE_NAMES],
      )
    ).rows;
    const indexes = (
      await client.query<{ name: string; def: string }>(
        `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY($1::text[])
         AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
        [TABLE_NAMES],
      )
    ).rows;
    for (const i of indexes) await client.query(`DROP INDEX "${i.name}"`);
    for (const c of constraints) await client.query(`ALTER TABLE "${c.tbl}" DROP CONSTRAINT "${c.name}"`);
    // customers' TRUNCATE trigger empties the derived tables (listed here too, they would be in use).
    await client.query(`TRUNCATE ${TABLES.map((t) => t.name).join(', ')}`);

    const rows: Record<string, number> = {};
    const copySeconds: Record<string, number> = {};
    for (const table of TABLES) {
      const started = performance.now();
      const select = lite.$client.prepare(`SELECT ${table.columns.join(', ')} FROM ${table.name}`).raw(true);
      let n = 0;
      const counted = (function* () {
        for (const row of select.iterate() as Iterable<unknown[]>) {
          n++;
          yield row;
        }
      })();
      await pipeline(Readable.from(copyText(counted)), client.query(copyFrom(`COPY ${table.name} (${table.columns.join(', ')}) FROM STDIN`)));
      rows[table.name] = n;
      copySeconds[table.name] = seconds(started);
      log(`  COPY ${table.name}: ${n.toLocaleString('en-US')} rows in ${copySeconds[table.name]!.toFixed(1)} s`);
    }

    const indexStarted = performance.now();
    for (const c of constraints) await timed(client, `ALTER TABLE "${c.tbl}" ADD CONSTRAINT "${c.name}" ${c.def}`, c.name, log);
    for (const i of indexes) await timed(client, i.def, i.name, log);
    const indexSeconds = seconds(indexStarted);
    await client.query(`SELECT setval(pg_get_serial_sequence('customers', 'seq'), greatest((SELECT max(seq) FROM customers), 1))`);
    await client.query(`COMMENT ON TABLE customers IS ${client.escapeLiteral(sourceStamp(sqlitePath))}`);
    await client.query('COMMIT');

    // Statistics for the planner, and the visibility map (index-only scans), as autovacuum would in time.
    const analyzeStarted = performance.now();
    await client.query(`VACUUM (ANALYZE) ${TABLE_NAMES.join(', ')}`);
    return { rows, copySeconds, indexSeconds, analyzeSeconds: seconds(analyzeStarted) };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}

async function timed(client: pg.PoolClient, sql: string, name: string, log: (line: string) => void) {
  const started = performance.now();
  await client.query(sql);
  log(`  ${name}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
