import type { PostgresEngine } from '../../storage/engine.ts';
import { verifyAuditLogPg } from '../../storage/pg/audit-verify.ts';
import type { AuditFilter } from '../filter.ts';
import { EXPORT_BATCH } from '../export.ts';
import { buildWhere, COUNT_WINDOW, exportSql, pageSql, SEQ_AT_TIME, timeBounds, type QMatches, type StoredRow, type Where } from '../query.ts';
import type { AuditStore, OutcomeCount } from './types.ts';

/** query.ts writes `?` placeholders (SQLite's); PostgreSQL numbers them. No literal in those statements holds a `?`. */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

/**
 * The audit log's reading side on PostgreSQL: the same statements as SQLite's (query.ts), on the
 * pool. Entries are append-only and an export reads up to the head it started from, so keyset
 * batches on separate statements see the same rows as one snapshot would, while other instances
 * keep appending; verification reads one snapshot (server/storage/pg/audit-verify.ts).
 */
export function postgresAuditStore({ db }: PostgresEngine): AuditStore {
  const pool = db.$client;
  const rows = async <T extends object>(sql: string, params: unknown[] = []) => (await pool.query<T>(numbered(sql), params)).rows;

  const lastSeq = async () => (await rows<{ seq: number | null }>('SELECT max(seq) AS seq FROM audit_events'))[0]!.seq ?? 0;
  const seqAt = async (kind: 'gte' | 'lte', bound: string) => (await rows<{ seq: number | null }>(SEQ_AT_TIME[kind], [bound]))[0]!.seq;
  const where = async (filter: AuditFilter, matches: QMatches): Promise<Where> => {
    const bounds = timeBounds(filter);
    const [gte, lte] = await Promise.all([bounds.gte ? seqAt('gte', bounds.gte) : undefined, bounds.lte ? seqAt('lte', bounds.lte) : undefined]);
    return buildWhere(filter, matches, { gte, lte });
  };

  return {
    lastSeq,
    entryBySeq: async (seq) => (await rows<StoredRow>('SELECT * FROM audit_events WHERE seq = ?', [seq]))[0],
    async listPage(filter, order, start, limit, matches = {}) {
      const w = await where(filter, matches);
      if (w.empty) return { rows: [], total: 0, totalIsExact: true };
      const sql = pageSql(w, order);
      const cap = start + limit + COUNT_WINDOW;
      // No filter: seq has no gaps in an intact log, so the head's seq is the count.
      const [page, total] = await Promise.all([
        rows<StoredRow>(sql.rows, [...w.params, limit, start]),
        w.filtered ? rows<{ n: number }>(sql.count, [...w.params, cap]).then((r) => r[0]!.n) : lastSeq(),
      ]);
      return { rows: page, total, totalIsExact: !w.filtered || total < cap };
    },
    async *exportBatches(filter, upTo, matches = {}) {
      const w = await where(filter, matches);
      if (w.empty) return;
      const sql = exportSql(w, EXPORT_BATCH);
      let after = 0;
      for (;;) {
        const batch = await rows<StoredRow>(sql, [...w.params, after, upTo]);
        if (!batch.length) return;
        yield batch;
        if (batch.length < EXPORT_BATCH) return;
        after = batch[batch.length - 1]!.seq;
      }
    },
    outcomeCounts: (fromIso, toIso) =>
      rows<OutcomeCount>('SELECT outcome, count(*) AS n FROM audit_events WHERE time >= ? AND time < ? GROUP BY outcome', [fromIso, toIso]),
    centraCancellations: async (fromIso, toIso) =>
      (
        await rows<{ n: number }>(
          `SELECT count(*) AS n FROM audit_events
          WHERE action = 'centra.subscription.status' AND outcome = 'succeeded' AND time >= ? AND time < ?
            AND ("after"::jsonb)->>'status' = 'cancelled'`,
          [fromIso, toIso],
        )
      )[0]!.n,
    pendingEntries: () => rows<StoredRow>('SELECT e.* FROM audit_pending p JOIN audit_events e ON e.seq = p.seq ORDER BY p.seq'),
    hasEntryAbout: async (target, action) =>
      (await rows('SELECT 1 FROM audit_events WHERE target_type = ? AND target_id = ? AND action = ? LIMIT 1', [target.type, target.id, action])).length > 0,
    verify: (verifier, options) => verifyAuditLogPg(db, verifier, options),
  };
}
