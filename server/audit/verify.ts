import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.ts';
import Database from 'better-sqlite3';
import { GENESIS_HASH, rowCanonicalJson } from './canonical.ts';
import { checkpointSignatureValid, type AuditVerifier } from './signing.ts';

export type VerifyResult = {
  ok: boolean;
  /** Entries whose hash was recomputed and matched before the walk stopped. */
  checked: number;
  /** The first entry (seq) that does not match, or null when all do. */
  firstBad: number | null;
  reason: string;
  /** The last seq the walk covered (entries appended while verifying are left for the next run). */
  upToSeq: number;
  checkpoints: number;
};

type Problem = { seq: number; reason: string };

const BATCH = 5000;

// Columns in the order the tuple below reads them; raw() rows avoid building an object per row.
const COLUMNS = `seq, time, request_id, actor_type, actor_id, actor_email, actor_role, ip, user_agent, action,
  target_type, target_id, customer_id, request, before, after, outcome, error, upstream_ref, prev_hash, hash`;

type Row = [number, string, string, string, string | null, string | null, string | null, string | null, string | null, string,
  string | null, string | null, string | null, string | null, string | null, string | null, string, string | null, string | null, string, string];

type CheckpointRow = { seq: number; hash: string; time: string; keyId: string; signature: string };

/**
 * The checkpoints alone: each signed by our key, over {seq, hash, time, keyId, prevSeq} where
 * prevSeq is the seq of the checkpoint before it (so removing one breaks the next).
 */
function checkCheckpoints(checkpoints: CheckpointRow[], verifier: AuditVerifier): Problem | null {
  let prevSeq = 0;
  for (const cp of checkpoints) {
    if (cp.keyId !== verifier.keyId) {
      return { seq: cp.seq, reason: `checkpoint at seq ${cp.seq} names key ${cp.keyId}, not the configured key ${verifier.keyId}` };
    }
    const body = { seq: cp.seq, hash: cp.hash, time: cp.time, keyId: cp.keyId, prevSeq };
    if (!checkpointSignatureValid(verifier, body, cp.signature)) {
      return { seq: cp.seq, reason: `checkpoint at seq ${cp.seq} does not carry a valid signature (edited, or a checkpoint before it was removed)` };
    }
    prevSeq = cp.seq;
  }
  return null;
}

/**
 * Walks the whole chain and the signed checkpoints and names the first entry that does not match.
 *
 * Catches, even with the append-only triggers dropped: an edited entry (its hash no longer
 * recomputes), a deleted entry (a gap in seq), entries swapped (hash or link mismatch), a rewrite
 * that recomputed every hash after it (the next checkpoint's signed hash differs), entries cut
 * off the end (the last checkpoint names a seq that is gone), an edited or removed checkpoint
 * (signature). What it cannot catch: a rewrite or truncation of the entries after the last
 * checkpoint, which is why checkpoints are frequent and one is written at shutdown.
 *
 * Reads in keyset batches and yields to the event loop between them, so the server keeps
 * answering while it runs; about 3 µs per entry.
 */
export async function verifyAuditLog(db: Db, verifier: AuditVerifier, options: { batchSize?: number } = {}): Promise<VerifyResult> {
  const sqlite = db.$client;
  // One read transaction: the head and the checkpoints come from the same snapshot, so a
  // checkpoint written while we start is not mistaken for one naming entries that were cut off.
  const snapshot = sqlite.transaction(() => ({
    upToSeq: (sqlite.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number | null) ?? 0,
    checkpoints: sqlite.prepare('SELECT seq, hash, time, key_id AS keyId, signature FROM audit_checkpoints ORDER BY seq').all() as CheckpointRow[],
  }));
  const { upToSeq, checkpoints } = snapshot.deferred();
  const checkpointProblem = checkCheckpoints(checkpoints, verifier);
  // Only checkpoints before the first bad one are trusted to judge entries.
  const trusted = checkpoints.filter((cp) => !checkpointProblem || cp.seq < checkpointProblem.seq);
  const checkpointAt = new Map(trusted.map((cp) => [cp.seq, cp]));
  const lastCheckpoint = checkpoints.at(-1);

  const limit = checkpointProblem ? Math.min(upToSeq, checkpointProblem.seq) : upToSeq;
  const size = options.batchSize ?? BATCH;

  let expected = 1;
  let prevHash = GENESIS_HASH;
  let prevTime = '';
  let checked = 0;
  let problem: Problem | null = null;

  const check = (r: Row): Problem | null => {
    const seq = r[0];
    if (seq !== expected) {
      return { seq: expected, reason: expected === seq - 1 ? `entry ${expected} is missing` : `entries ${expected} to ${seq - 1} are missing` };
    }
    if (r[19] !== prevHash) return { seq, reason: `entry ${seq} does not link to entry ${seq - 1} (moved, swapped or the one before was changed)` };
    const hash = createHash('sha256').update(prevHash + rowCanonicalJson(r)).digest('hex');
    if (hash !== r[20]) return { seq, reason: `entry ${seq} was altered: its content does not match its hash` };
    if (r[1] < prevTime) return { seq, reason: `entry ${seq} is dated before entry ${seq - 1}` };
    const cp = checkpointAt.get(seq);
    if (cp && cp.hash !== hash) return { seq, reason: `entry ${seq} does not match the signed checkpoint at seq ${seq}: the log up to here was rewritten` };
    prevHash = hash;
    prevTime = r[1];
    expected = seq + 1;
    checked++;
    return null;
  };

  const yieldToServer = () => new Promise<void>((r) => setImmediate(r));
  const sql = `SELECT ${COLUMNS} FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq`;
  const file = sqlite.memory ? null : sqlite.name;
  if (file) {
    // A file: stream it through a second, read-only connection. Its iterator may stay open across
    // event-loop turns (the main connection keeps accepting writes) and reads one WAL snapshot.
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    try {
      let n = 0;
      for (const r of reader.prepare(sql).raw().iterate(0, limit) as IterableIterator<Row>) {
        problem = check(r);
        if (problem) break;
        if (++n % size === 0) await yieldToServer();
      }
    } finally {
      reader.close();
    }
  } else {
    // In memory (tests): keyset batches on the one connection, which cannot hold an iterator open.
    const batch = sqlite.prepare(`${sql} LIMIT ?`).raw();
    let after = 0;
    walk: while (after < limit) {
      const rows = batch.all(after, limit, size) as Row[];
      if (!rows.length) break;
      for (const r of rows) {
        problem = check(r);
        if (problem) break walk;
      }
      after = rows[rows.length - 1]![0];
      await yieldToServer();
    }
  }

  if (!problem && checkpointProblem) problem = checkpointProblem;
  if (!problem && lastCheckpoint && lastCheckpoint.seq > upToSeq) {
    problem = { seq: upToSeq + 1, reason: `entries ${upToSeq + 1} to ${lastCheckpoint.seq} were cut off: the signed checkpoint at seq ${lastCheckpoint.seq} names them` };
  }
  if (!problem && expected <= upToSeq) problem = { seq: expected, reason: `entry ${expected} is missing` };

  const base = { checked, upToSeq, checkpoints: checkpoints.length };
  if (problem) return { ok: false, firstBad: problem.seq, reason: problem.reason, ...base };
  return {
    ok: true,
    firstBad: null,
    reason: upToSeq === 0 ? 'the log is empty' : `all ${checked} entries and ${checkpoints.length} signed checkpoints match`,
    ...base,
  };
}
