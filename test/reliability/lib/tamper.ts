import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../db/connection.ts';
import type { VerifyResult } from '../../../server/audit/chain-walk.ts';
import { verifyAuditLog } from '../../../server/audit/store/sqlite-verify.ts';
import { loadVerifier } from '../../../server/audit/signing.ts';

/**
 * The audit issue's tampering cases, each on its own copy of a real database (the one the load run
 * wrote): an attacker with write access to the file drops the append-only triggers, then edits,
 * deletes, swaps, truncates or forges. `verify` must name the first bad entry every time.
 */
export type TamperCase = { name: string; tamper: (db: ReturnType<typeof openDatabase>['$client'], pick: Picks) => number; reason?: RegExp };
type Picks = { middle: number; lastCheckpoint: number; previousCheckpoint: number; head: number };

const TRIGGERS = ['audit_events_no_update', 'audit_events_no_delete', 'audit_checkpoints_no_update', 'audit_checkpoints_no_delete'];

export const TAMPER_CASES: TamperCase[] = [
  { name: 'an edited entry', tamper: (db, p) => (db.prepare("UPDATE audit_events SET outcome = 'failed' WHERE seq = ?").run(p.middle), p.middle) },
  {
    name: 'an edited actor',
    tamper: (db, p) => (db.prepare("UPDATE audit_events SET actor_email = 'someone-else@example.com' WHERE seq = ?").run(p.middle + 1), p.middle + 1),
  },
  { name: 'a deleted entry', tamper: (db, p) => (db.prepare('DELETE FROM audit_events WHERE seq = ?').run(p.middle), p.middle), reason: /missing/ },
  {
    name: 'two entries swapped',
    tamper: (db, p) => {
      const cols =
        'time, request_id, actor_type, actor_id, actor_email, actor_role, ip, user_agent, action, target_type, target_id, customer_id, request, before, after, outcome, error, upstream_ref, prev_hash, hash';
      const a = db.prepare(`SELECT ${cols} FROM audit_events WHERE seq = ?`).raw().get(p.middle) as unknown[];
      const b = db
        .prepare(`SELECT ${cols} FROM audit_events WHERE seq = ?`)
        .raw()
        .get(p.middle + 1) as unknown[];
      const set = cols
        .split(', ')
        .map((c) => `${c} = ?`)
        .join(', ');
      db.prepare(`UPDATE audit_events SET ${set} WHERE seq = ?`).run(...b, p.middle);
      db.prepare(`UPDATE audit_events SET ${set} WHERE seq = ?`).run(...a, p.middle + 1);
      return p.middle;
    },
  },
  {
    name: 'entries cut off after the last checkpoint',
    tamper: (db, p) => (db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(p.lastCheckpoint - 5), p.lastCheckpoint - 5),
    reason: /cut off|missing/,
  },
  {
    name: 'an edited checkpoint',
    tamper: (db, p) => {
      db.prepare('UPDATE audit_checkpoints SET hash = (SELECT hash FROM audit_events WHERE seq = ?), seq = ? WHERE seq = ?').run(
        p.lastCheckpoint - 1,
        p.lastCheckpoint - 1,
        p.lastCheckpoint,
      );
      return p.lastCheckpoint - 1;
    },
    reason: /signature/,
  },
];

export type TamperOutcome = { name: string; expectedFirstBad: number; result: VerifyResult };

/** Runs every case on a fresh copy of `dir`'s database; the untouched copy must verify first. */
export async function runTamperCases(dir: string, scratch: string): Promise<{ clean: VerifyResult; outcomes: TamperOutcome[] }> {
  const verifier = loadVerifier(join(dir, 'audit-signing-key.pem'));
  const copy = (name: string) => {
    const target = join(scratch, `${name.replace(/\W+/g, '-')}.db`);
    copyFileSync(join(dir, 'subdesk.db'), target);
    for (const ext of ['-wal', '-shm']) if (existsSync(join(dir, `subdesk.db${ext}`))) copyFileSync(join(dir, `subdesk.db${ext}`), target + ext);
    return openDatabase(target, { migrate: false });
  };
  const cleanDb = copy('clean');
  const clean = await verifyAuditLog(cleanDb, verifier);
  const sqlite = cleanDb.$client;
  const checkpoints = sqlite.prepare('SELECT seq FROM audit_checkpoints ORDER BY seq').pluck().all() as number[];
  const head = sqlite.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number;
  cleanDb.$client.close();
  if (checkpoints.length < 2) throw new Error(`the database has ${checkpoints.length} checkpoint(s); the cases need two`);
  const picks: Picks = { middle: Math.floor(head / 2), lastCheckpoint: checkpoints.at(-1)!, previousCheckpoint: checkpoints.at(-2)!, head };

  const outcomes: TamperOutcome[] = [];
  for (const c of TAMPER_CASES) {
    const db = copy(c.name);
    for (const t of TRIGGERS) db.$client.exec(`DROP TRIGGER IF EXISTS ${t}`);
    const expectedFirstBad = c.tamper(db.$client, picks);
    outcomes.push({ name: c.name, expectedFirstBad, result: await verifyAuditLog(db, verifier) });
    db.$client.close();
  }
  return { clean, outcomes };
}
