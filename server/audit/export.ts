import type { StoredRow } from './query.ts';
import { csvLine } from '../http/csv.ts';

export type ExportFormat = 'csv' | 'json';

// Small batches (~100 KB of CSV): each chunk dies young in V8, so its buffer is freed by the next
// scavenge. With 2,000-row chunks (~800 KB) the buffers waiting on the socket were promoted and
// piled up until a full GC: 768 MiB peak RSS for a 1M-row export, against 167 MiB with 250 rows.
/** Rows per batch of an export, on either engine. */
export const EXPORT_BATCH = 250;

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

/**
 * The whole export as text chunks, for the HTTP stream and the CLI alike, from the store's batches
 * (AuditStore.exportBatches: the matching entries in seq order, up to the head the export started at).
 */
export async function* exportChunks(batches: AsyncIterable<StoredRow[]>, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'csv') {
    yield csvHeader();
    for await (const rows of batches) yield csvRows(rows);
    return;
  }
  yield '[';
  let first = true;
  for await (const rows of batches) {
    yield jsonRows(rows, first);
    first = false;
  }
  yield '\n]\n';
}
