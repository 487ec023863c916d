import type { SqliteEngine } from '../../storage/engine.ts';
import type { IdempotencyStore, KeptAnswer } from './types.ts';

export function sqliteIdempotencyStore({ db }: SqliteEngine): IdempotencyStore {
  const s = db.$client;
  const forget = s.prepare('DELETE FROM idempotent_requests WHERE created_at < ?');
  const find = s.prepare(
    'SELECT staff_id AS staffId, key, request_hash AS requestHash, status, body, created_at AS createdAt FROM idempotent_requests WHERE staff_id = ? AND key = ?',
  );
  const insert = s.prepare('INSERT INTO idempotent_requests (staff_id, key, request_hash, status, body, created_at) VALUES (?, ?, ?, NULL, NULL, ?)');
  const keep = s.prepare('UPDATE idempotent_requests SET status = ?, body = ? WHERE staff_id = ? AND key = ?');
  const release = s.prepare('DELETE FROM idempotent_requests WHERE staff_id = ? AND key = ?');
  // One process: the immediate transaction makes the read and the claim one step.
  const claim = s.transaction((c: Parameters<IdempotencyStore['claim']>[0], keptSince: string): KeptAnswer | null => {
    forget.run(keptSince);
    const row = find.get(c.staffId, c.key) as KeptAnswer | undefined;
    if (row) return row;
    insert.run(c.staffId, c.key, c.requestHash, c.createdAt);
    return null;
  });
  return {
    async claim(c, keptSince) {
      return claim.immediate(c, keptSince);
    },
    async keep({ staffId, key }, answer) {
      keep.run(answer.status, answer.body, staffId, key);
    },
    async release({ staffId, key }) {
      release.run(staffId, key);
    },
  };
}
