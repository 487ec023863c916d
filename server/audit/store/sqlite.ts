import BetterSqlite3 from 'better-sqlite3';
import type { SqliteEngine } from '../../storage/engine.ts';
import type { AuditFilter } from '../filter.ts';
import { EXPORT_BATCH } from '../export.ts';
import { buildWhere, COUNT_WINDOW, exportSql, pageSql, SEQ_AT_TIME, timeBounds, type Page, type QMatches, type StoredRow, type Where } from '../query.ts';
import { verifyAuditLog } from './sqlite-verify.ts';
import type { AuditStore, OutcomeCount } from './types.ts';

/**
 * The audit log's reading side on SQLite: better-sqlite3, synchronous inside, each method one
 * promise for one job. Statements that do not depend on the filter are prepared once.
 */
export function sqliteAuditStore({ db }: SqliteEngine): AuditStore {
  const sqlite = db.$client;
  const head = sqlite.prepare('SELECT max(seq) FROM audit_events').pluck();
  const bySeq = sqlite.prepare('SELECT * FROM audit_events WHERE seq = ?');
  const seqAt = { gte: sqlite.prepare(SEQ_AT_TIME.gte).pluck(), lte: sqlite.prepare(SEQ_AT_TIME.lte).pluck() };
  const outcomes = sqlite.prepare('SELECT outcome, count(*) AS n FROM audit_events WHERE time >= ? AND time < ? GROUP BY outcome');
  const centraCancelled = sqlite
    .prepare(`SELECT count(*) FROM audit_events
    WHERE action = 'centra.subscription.status' AND outcome = 'succeeded' AND time >= ? AND time < ?
      AND json_extract("after", '$.status') = 'cancelled'`)
    .pluck();
  const pending = sqlite.prepare('SELECT e.* FROM audit_pending p JOIN audit_events e ON e.seq = p.seq ORDER BY p.seq');
  const about = sqlite.prepare('SELECT 1 FROM audit_events WHERE target_type = ? AND target_id = ? AND action = ? LIMIT 1').pluck();

  const lastSeq = () => (head.get() as number | null) ?? 0;
  const where = (filter: AuditFilter, matches: QMatches): Where => {
    const bounds = timeBounds(filter);
    return buildWhere(filter, matches, {
      ...(bounds.gte ? { gte: seqAt.gte.get(bounds.gte) as number | null } : {}),
      ...(bounds.lte ? { lte: seqAt.lte.get(bounds.lte) as number | null } : {}),
    });
  };

  function listPage(filter: AuditFilter, order: 'ASC' | 'DESC', start: number, limit: number, matches: QMatches = {}): Page {
    const w = where(filter, matches);
    if (w.empty) return { rows: [], total: 0, totalIsExact: true };
    const sql = pageSql(w, order);
    const rows = sqlite.prepare(sql.rows).all(...w.params, limit, start) as StoredRow[];
    // No filter: seq has no gaps in an intact log, so the head's seq is the count.
    if (!w.filtered) return { rows, total: lastSeq(), totalIsExact: true };
    const cap = start + limit + COUNT_WINDOW;
    const counted = sqlite
      .prepare(sql.count)
      .pluck()
      .get(...w.params, cap) as number;
    return { rows, total: counted, totalIsExact: counted < cap };
  }

  /**
   * On a database file the rows stream from a dedicated read-only connection with a small page
   * cache: its iterator stays open while the client reads (one WAL snapshot, no re-query), memory
   * stays at one batch plus 8 MiB of cache whatever the size, and the shared connection stays free
   * for appends (better-sqlite3 refuses other statements on a connection with an open iterator).
   * In memory (tests) it falls back to keyset batches on the one connection.
   */
  async function* exportBatches(filter: AuditFilter, upTo: number, matches: QMatches = {}): AsyncGenerator<StoredRow[]> {
    const w = where(filter, matches);
    if (w.empty) return;
    if (!sqlite.memory) {
      const reader = new BetterSqlite3(sqlite.name, { readonly: true, fileMustExist: true });
      try {
        reader.pragma('cache_size = -8192');
        const rows = reader.prepare(exportSql(w)).iterate(...w.params, upTo) as IterableIterator<StoredRow>;
        let batch: StoredRow[] = [];
        for (const row of rows) {
          batch.push(row);
          if (batch.length === EXPORT_BATCH) {
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
    const stmt = sqlite.prepare(exportSql(w, EXPORT_BATCH));
    let after = 0;
    for (;;) {
      const rows = stmt.all(...w.params, after, upTo) as StoredRow[];
      if (!rows.length) return;
      yield rows;
      if (rows.length < EXPORT_BATCH) return;
      after = rows[rows.length - 1]!.seq;
    }
  }

  return {
    lastSeq: async () => lastSeq(),
    entryBySeq: async (seq) => bySeq.get(seq) as StoredRow | undefined,
    listPage: async (...args) => listPage(...args),
    exportBatches,
    outcomeCounts: async (fromIso, toIso) => outcomes.all(fromIso, toIso) as OutcomeCount[],
    centraCancellations: async (fromIso, toIso) => centraCancelled.get(fromIso, toIso) as number,
    pendingEntries: async () => pending.all() as StoredRow[],
    hasEntryAbout: async (target, action) => about.get(target.type, target.id, action) !== undefined,
    verify: (verifier, options) => verifyAuditLog(db, verifier, options),
  };
}
