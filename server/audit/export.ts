import BetterSqlite3, { type Database } from 'better-sqlite3';
import type { AuditFilter } from './filter.ts';
import { buildWhere, type QMatches, type StoredRow } from './query.ts';
import { csvLine } from '../http/csv.ts';

export type ExportFormat = 'csv' | 'json';

// Small batches (~100 KB of CSV): each chunk dies young in V8, so its buffer is freed by the next
// scavenge. With 2,000-row chunks (~800 KB) the buffers waiting on the socket were promoted and
// piled up until a full GC: 768 MiB peak RSS for a 1M-row export, against 167 MiB with 250 rows.
const BATCH = 250;

/**
 * The matching entries in seq order, one batch of rows at a time, up to the head as it was when
 * the export started (entries appended meanwhile belong to the next export).
 *
 * On a database file the rows stream from a dedicated read-only connection with a small page
 * cache: its iterator stays open while the client reads (one WAL snapshot, no re-query), memory
 * stays at one batch plus 8 MiB of cache whatever the size, and the shared connection stays free
 * for record() (better-sqlite3 refuses other statements on a connection with an open iterator).
 * In memory (tests) it falls back to keyset batches on the one connection.
 */
export async function* exportBatches(sqlite: Database, filter: AuditFilter, upTo?: number, matches: QMatches = {}): AsyncGenerator<StoredRow[]> {
  const where = buildWhere(sqlite, filter, matches);
  if (where.empty) return;
  const head = upTo ?? (sqlite.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number | null) ?? 0;
  const and = where.sql ? `${where.sql} AND` : 'WHERE';
  if (!sqlite.memory) {
    const reader = new BetterSqlite3(sqlite.name, { readonly: true, fileMustExist: true });
    try {
      reader.pragma('cache_size = -8192');
      const rows = reader
        .prepare(`SELECT e.* FROM audit_events e ${and} e.seq <= ? ORDER BY e.seq ASC`)
        .iterate(...where.params, head) as IterableIterator<StoredRow>;
      let batch: StoredRow[] = [];
      for (const row of rows) {
        batch.push(row);
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    } finally {
      reader.close();
    }
    return;
  }
  const stmt = sqlite.prepare(`SELECT e.* FROM audit_events e ${and} e.seq > ? AND e.seq <= ? ORDER BY e.seq ASC LIMIT ${BATCH}`);
  let after = 0;
  for (;;) {
    const rows = stmt.all(...where.params, after, head) as StoredRow[];
    if (!rows.length) return;
    yield rows;
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]!.seq;
  }
}

export const CSV_COLUMNS = [
  'seq',
  'time',
  'request_id',
  'actor_type',
  'actor_id',
  'actor_email',
  'actor_role',
  'ip',
  'user_agent',
  'action',
  'target_type',
  'target_id',
  'customer_id',
  'outcome',
  'upstream_ref',
  'request',
  'before',
  'after',
  'error',
  'prev_hash',
  'hash',
] as const;

export function csvHeader(): string {
  return csvLine(CSV_COLUMNS);
}

export function csvRows(rows: StoredRow[]): string {
  let out = '';
  for (const r of rows) out += csvLine(CSV_COLUMNS.map((c) => (r as Record<string, unknown>)[c]));
  return out;
}

/**
 * JSON export: one array of entries. request/before/after/error are already JSON in the
 * database and are spliced in as they are (no parse and re-stringify per row).
 */
export function jsonRows(rows: StoredRow[], first: boolean): string {
  let out = '';
  rows.forEach((r, i) => {
    const raw = (s: string | null) => (s === null ? 'null' : s);
    const str = (s: string | null) => (s === null ? 'null' : JSON.stringify(s));
    out +=
      (first && i === 0 ? '\n' : ',\n') +
      `{"seq":${r.seq},"time":${str(r.time)},"requestId":${str(r.request_id)},"actorType":${str(r.actor_type)},` +
      `"actorId":${str(r.actor_id)},"actorEmail":${str(r.actor_email)},"actorRole":${str(r.actor_role)},"ip":${str(r.ip)},` +
      `"userAgent":${str(r.user_agent)},"action":${str(r.action)},"targetType":${str(r.target_type)},"targetId":${str(r.target_id)},` +
      `"customerId":${str(r.customer_id)},"outcome":${str(r.outcome)},"upstreamRef":${str(r.upstream_ref)},` +
      `"request":${raw(r.request)},"before":${raw(r.before)},"after":${raw(r.after)},"error":${raw(r.error)},` +
      `"prevHash":${str(r.prev_hash)},"hash":${str(r.hash)}}`;
  });
  return out;
}

/** The whole export as text chunks, for the HTTP stream and the CLI alike. */
export async function* exportChunks(
  sqlite: Database,
  filter: AuditFilter,
  format: ExportFormat,
  upTo?: number,
  matches: QMatches = {},
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield csvHeader();
    for await (const rows of exportBatches(sqlite, filter, upTo, matches)) yield csvRows(rows);
    return;
  }
  yield '[';
  let first = true;
  for await (const rows of exportBatches(sqlite, filter, upTo, matches)) {
    yield jsonRows(rows, first);
    first = false;
  }
  yield '\n]\n';
}
