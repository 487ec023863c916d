import type { StoredRow } from '../../audit/query.ts';
import type { SqliteEngine } from '../../storage/engine.ts';
import type { LightEntry } from '../lines.ts';
import type { TimelineStore } from './types.ts';

/** SQLite's default limit is 32,766 variables; a page holds at most 500 lines, each a few entries. */
const SEQS_PER_STATEMENT = 500;

export function sqliteTimelineStore({ db }: SqliteEngine): TimelineStore {
  const s = db.$client;
  const light =
    s.prepare(`SELECT seq, time, request_id AS requestId, action, outcome, actor_type AS actorType, actor_email AS actorEmail, actor_role AS actorRole
    FROM audit_events WHERE customer_id = ? ORDER BY seq DESC`);
  return {
    lightEntries: async (customerId) => light.all(customerId) as LightEntry[],
    async entries(seqs) {
      const rows: StoredRow[] = [];
      for (let i = 0; i < seqs.length; i += SEQS_PER_STATEMENT) {
        const chunk = seqs.slice(i, i + SEQS_PER_STATEMENT);
        rows.push(...(s.prepare(`SELECT * FROM audit_events WHERE seq IN (${chunk.map(() => '?').join(',')})`).all(...chunk) as StoredRow[]));
      }
      return rows;
    },
  };
}
