import type Database from 'better-sqlite3';
import { chainHash, entryCanonicalJson, GENESIS_HASH } from '../../server/audit/canonical.ts';

/** What an attacker with write access to the database file does first. */
export const APPEND_ONLY_TRIGGERS = ['audit_events_no_update', 'audit_events_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete'];

export function dropAppendOnlyTriggers(sqlite: Database.Database) {
  for (const t of APPEND_ONLY_TRIGGERS) sqlite.exec(`DROP TRIGGER IF EXISTS ${t}`);
}

/** Recomputes every hash from `fromSeq` on, as someone covering an edit would: the chain links again. */
export function rechain(sqlite: Database.Database, fromSeq: number) {
  const rows = sqlite.prepare('SELECT * FROM audit_events WHERE seq >= ? ORDER BY seq').all(fromSeq) as Array<Record<string, unknown>>;
  let prev =
    (sqlite
      .prepare('SELECT hash FROM audit_events WHERE seq = ?')
      .pluck()
      .get(fromSeq - 1) as string | undefined) ?? GENESIS_HASH;
  for (const r of rows) {
    const e = {
      seq: r.seq,
      time: r.time,
      requestId: r.request_id,
      actorType: r.actor_type,
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      actorRole: r.actor_role,
      ip: r.ip,
      userAgent: r.user_agent,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      customerId: r.customer_id,
      request: r.request,
      before: r.before,
      after: r.after,
      outcome: r.outcome,
      error: r.error,
      upstreamRef: r.upstream_ref,
    } as Parameters<typeof entryCanonicalJson>[0];
    const hash = chainHash(prev, entryCanonicalJson(e));
    sqlite.prepare('UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
    prev = hash;
  }
}
