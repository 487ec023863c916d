import { chainHash, entryCanonicalJson } from '../../server/audit/canonical.ts';

/**
 * What someone with write access to the database does to the audit log, as SQL both engines run,
 * so the same tampering can be judged on SQLite and on PostgreSQL. Each case runs on a log of 35
 * entries with signed checkpoints at 10, 20, 30 and 35 (tamperedLog in the tests).
 */
export type Sql = { all(sql: string): Promise<Record<string, unknown>[]>; exec(sql: string): Promise<void> };

const literal = (v: unknown) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`);

export const TAMPERS = {
  'an edited entry': (db) => db.exec(`UPDATE audit_events SET after = '{"status":"active"}' WHERE seq = 5`),
  'an entry dated back': (db) => db.exec(`UPDATE audit_events SET time = '2000-01-01T00:00:00.000Z' WHERE seq = 9`),
  'a deleted entry': (db) => db.exec('DELETE FROM audit_events WHERE seq = 7'),
  'two entries swapped': async (db) => {
    await db.exec('UPDATE audit_events SET seq = -1 WHERE seq = 12');
    await db.exec('UPDATE audit_events SET seq = 12 WHERE seq = 13');
    await db.exec('UPDATE audit_events SET seq = 13 WHERE seq = -1');
  },
  'entries cut off the end': (db) => db.exec('DELETE FROM audit_events WHERE seq > 30'),
  'an edited checkpoint': (db) => db.exec('UPDATE audit_checkpoints SET hash = (SELECT hash FROM audit_events WHERE seq = 19), seq = 19 WHERE seq = 20'),
  'a checkpoint removed from the middle': (db) => db.exec('DELETE FROM audit_checkpoints WHERE seq = 20'),
  'an edited entry whose hash and every later hash were recomputed': async (db) => {
    await db.exec(`UPDATE audit_events SET actor_email = 'someone-else@example.com' WHERE seq = 5`);
    const rows = await db.all(`SELECT seq, time, request_id, actor_type, actor_id, actor_email, actor_role, ip, user_agent, action, target_type, target_id,
      customer_id, request, before, after, outcome, error, upstream_ref FROM audit_events WHERE seq >= 4 ORDER BY seq`);
    let prev = String((await db.all('SELECT hash FROM audit_events WHERE seq = 4'))[0]!.hash);
    for (const r of rows.slice(1)) {
      const hash = chainHash(
        prev,
        entryCanonicalJson({
          seq: Number(r.seq),
          time: r.time as string,
          requestId: r.request_id as string,
          actorType: r.actor_type as 'staff',
          actorId: r.actor_id as string | null,
          actorEmail: r.actor_email as string | null,
          actorRole: r.actor_role as string | null,
          ip: r.ip as string | null,
          userAgent: r.user_agent as string | null,
          action: r.action as string,
          targetType: r.target_type as string | null,
          targetId: r.target_id as string | null,
          customerId: r.customer_id as string | null,
          request: r.request as string | null,
          before: r.before as string | null,
          after: r.after as string | null,
          outcome: r.outcome as 'succeeded',
          error: r.error as string | null,
          upstreamRef: r.upstream_ref as string | null,
        }),
      );
      await db.exec(`UPDATE audit_events SET prev_hash = ${literal(prev)}, hash = ${literal(hash)} WHERE seq = ${literal(Number(r.seq))}`);
      prev = hash;
    }
  },
} satisfies Record<string, (db: Sql) => Promise<void>>;

/** What verification answers for each case: the first bad entry and why (the same on both engines). */
export const TAMPER_VERDICTS: Record<keyof typeof TAMPERS, { firstBad: number; reason: string }> = {
  'an edited entry': { firstBad: 5, reason: 'entry 5 was altered: its content does not match its hash' },
  'an entry dated back': { firstBad: 9, reason: 'entry 9 was altered: its content does not match its hash' },
  'a deleted entry': { firstBad: 7, reason: 'entry 7 is missing' },
  'two entries swapped': { firstBad: 12, reason: 'entry 12 does not link to entry 11 (moved, swapped or the one before was changed)' },
  'entries cut off the end': { firstBad: 31, reason: 'entries 31 to 35 were cut off: the signed checkpoint at seq 35 names them' },
  'an edited checkpoint': { firstBad: 19, reason: 'checkpoint at seq 19 does not carry a valid signature (edited, or a checkpoint before it was removed)' },
  'a checkpoint removed from the middle': {
    firstBad: 30,
    reason: 'checkpoint at seq 30 does not carry a valid signature (edited, or a checkpoint before it was removed)',
  },
  'an edited entry whose hash and every later hash were recomputed': {
    firstBad: 10,
    reason: 'entry 10 does not match the signed checkpoint at seq 10: the log up to here was rewritten',
  },
};

/** What the attacker does first: the append-only triggers go. */
export const DROP_TRIGGERS = {
  sqlite: ['audit_events_no_update', 'audit_events_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete'].map((t) => `DROP TRIGGER ${t}`),
  postgres: ['audit_events', 'audit_checkpoints'].flatMap((t) => ['update', 'delete', 'truncate'].map((op) => `DROP TRIGGER ${t}_no_${op} ON ${t}`)),
};
