import type { StoredRow } from '../../audit/query.ts';
import type { PostgresEngine } from '../../storage/engine.ts';
import type { LightEntry } from '../lines.ts';
import type { TimelineStore } from './types.ts';

export function postgresTimelineStore({ db }: PostgresEngine): TimelineStore {
  return {
    lightEntries: async (customerId) =>
      (
        await db.$client.query<LightEntry>(
          `SELECT seq, time, request_id AS "requestId", action, outcome, actor_type AS "actorType", actor_email AS "actorEmail", actor_role AS "actorRole"
          FROM audit_events WHERE customer_id = $1 ORDER BY seq DESC`,
          [customerId],
        )
      ).rows,
    entries: async (seqs) => (seqs.length ? (await db.$client.query<StoredRow>('SELECT * FROM audit_events WHERE seq = ANY($1::bigint[])', [seqs])).rows : []),
  };
}
