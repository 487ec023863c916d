import { createHash } from 'node:crypto';
import type { Db } from '../../db/connection.ts';
import Database from 'better-sqlite3';
import { GENESIS_HASH, rowCanonicalJson } from './canonical.ts';
import { checkpointSignatureValid, loadVerifier, type AuditVerifier } from './signing.ts';
import { readWitness, type WitnessReading } from './witness.ts';
import type { Config } from '../config.ts';

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
  /** The witness the log was compared with (null: none was given). */
  witness: WitnessSummary | null;
};

/** Which witness a verification checked against, for the answer and the auditors' dialog. */
export type WitnessSummary = { path: string; records: number; lastSeq: number | null; syslog: string | null };

/** seq 0 when the problem is the witness file itself, not an entry. */
type Problem = { seq: number; reason: string };

const BATCH = 5000;

// Columns in the order the tuple below reads them; raw() rows avoid building an object per row.
const COLUMNS = `seq, time, request_id, actor_type, actor_id, actor_email, actor_role, ip, user_agent, action,
  target_type, target_id, customer_id, request, before, after, outcome, error, upstream_ref, prev_hash, hash`;

type Row = [
  number,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  string | null,
  string | null,
  string,
  string,
];

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
 * The witness on its own, before the walk: present (a log with entries has had one since its
 * first start), every line a record, and one hash per seq. Answers the seq → hash it vouches for.
 */
function readableWitness(witness: WitnessReading, upToSeq: number): { vouched: Map<number, string>; problem: Problem | null } {
  const vouched = new Map<number, string>();
  if (!witness.exists) {
    return {
      vouched,
      problem:
        upToSeq > 0 ? { seq: 0, reason: `the witness file ${witness.path} is missing: it was deleted or moved, so a cut tail cannot be ruled out` } : null,
    };
  }
  if (witness.unreadable.length) {
    return {
      vouched,
      problem: { seq: 0, reason: `line ${witness.unreadable[0]} of the witness file ${witness.path} is not a witness record: the file was edited` },
    };
  }
  for (const r of witness.records) {
    const other = vouched.get(r.seq);
    if (other !== undefined && other !== r.hash)
      return {
        vouched,
        problem: { seq: r.seq, reason: `the witness file ${witness.path} names two different hashes for entry ${r.seq}: the file was edited` },
      };
    vouched.set(r.seq, r.hash);
  }
  return { vouched, problem: null };
}

/**
 * Walks the whole chain and the signed checkpoints and names the first entry that does not match.
 *
 * Catches, even with the append-only triggers dropped: an edited entry (its hash no longer
 * recomputes), a deleted entry (a gap in seq), entries swapped (hash or link mismatch), a rewrite
 * that recomputed every hash after it (the next checkpoint's signed hash differs), entries cut
 * off the end (the last checkpoint names a seq that is gone), an edited or removed checkpoint
 * (signature). On its own it cannot catch a cut tail whose checkpoints were deleted with it,
 * nor a whole rewrite with every checkpoint deleted: `witness` (read before this call, so every
 * line in it names a seq already committed) catches those, since it still names the head the log
 * reached. Entries after the last checkpoint are covered by neither until the next checkpoint or
 * the shutdown's.
 *
 * Reads in keyset batches and yields to the event loop between them, so the server keeps
 * answering while it runs; about 3 µs per entry.
 */
export async function verifyAuditLog(db: Db, verifier: AuditVerifier, options: { batchSize?: number; witness?: WitnessReading } = {}): Promise<VerifyResult> {
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
  const witness = options.witness ? readableWitness(options.witness, upToSeq) : null;
  const vouched = witness?.vouched ?? new Map<number, string>();

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
    const hash = createHash('sha256')
      .update(prevHash + rowCanonicalJson(r))
      .digest('hex');
    if (hash !== r[20]) return { seq, reason: `entry ${seq} was altered: its content does not match its hash` };
    if (r[1] < prevTime) return { seq, reason: `entry ${seq} is dated before entry ${seq - 1}` };
    const cp = checkpointAt.get(seq);
    if (cp && cp.hash !== hash) return { seq, reason: `entry ${seq} does not match the signed checkpoint at seq ${seq}: the log up to here was rewritten` };
    const witnessed = vouched.get(seq);
    if (witnessed !== undefined && witnessed !== hash)
      return { seq, reason: `entry ${seq} does not match the witness (${options.witness!.path}): the log up to here was rewritten` };
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
    problem = {
      seq: upToSeq + 1,
      reason: `entries ${upToSeq + 1} to ${lastCheckpoint.seq} were cut off: the signed checkpoint at seq ${lastCheckpoint.seq} names them`,
    };
  }
  if (!problem && expected <= upToSeq) problem = { seq: expected, reason: `entry ${expected} is missing` };
  if (!problem && witness) problem = witness.problem ?? witnessedTailProblem(options.witness!, vouched, upToSeq, new Set(checkpoints.map((cp) => cp.seq)));

  const base = { checked, upToSeq, checkpoints: checkpoints.length, witness: options.witness ? summaryOf(options.witness) : null };
  // seq 0: the witness itself is missing or edited, which names no entry.
  if (problem) return { ok: false, firstBad: problem.seq > 0 ? problem.seq : null, reason: problem.reason, ...base };
  return {
    ok: true,
    firstBad: null,
    reason:
      upToSeq === 0
        ? 'the log is empty'
        : `all ${checked} entries and ${checkpoints.length} signed checkpoints match${options.witness ? `, and the witness's ${options.witness.records.length} records` : ''}`,
    ...base,
  };
}

/**
 * What the witness names that the log no longer has: entries past its head (a cut tail, even
 * with the checkpoints that named it deleted), or a witnessed checkpoint gone from the table.
 */
function witnessedTailProblem(witness: WitnessReading, vouched: Map<number, string>, upToSeq: number, checkpointSeqs: Set<number>): Problem | null {
  let last = 0;
  for (const seq of vouched.keys()) last = Math.max(last, seq);
  if (last > upToSeq) {
    return {
      seq: upToSeq + 1,
      reason: `${last === upToSeq + 1 ? `entry ${last} was` : `entries ${upToSeq + 1} to ${last} were`} cut off: the witness (${witness.path}) names entry ${last}`,
    };
  }
  const gone = witness.records.find((r) => r.kind === 'checkpoint' && !checkpointSeqs.has(r.seq));
  if (gone)
    return { seq: gone.seq, reason: `the signed checkpoint at seq ${gone.seq}, which the witness (${witness.path}) holds, was removed from the database` };
  return null;
}

function summaryOf(witness: WitnessReading): WitnessSummary {
  const lastSeq = witness.records.reduce<number | null>((max, r) => (max === null || r.seq > max ? r.seq : max), null);
  return { path: witness.path, records: witness.records.length, lastSeq, syslog: witness.syslog };
}

/**
 * The verification the API and `npm run audit -- verify` run: the configured key and witness
 * (the witness read first, so it names nothing the snapshot cannot have). A missing key is a
 * failed verification, never a new key.
 */
export async function verifyConfigured(
  db: Db,
  config: Pick<Config, 'auditSigningKeyPath' | 'auditWitnessPath' | 'AUDIT_WITNESS_SYSLOG'>,
): Promise<VerifyResult> {
  const witness = readWitness(config.auditWitnessPath, config.AUDIT_WITNESS_SYSLOG);
  try {
    return await verifyAuditLog(db, loadVerifier(config.auditSigningKeyPath), { witness });
  } catch (err) {
    return { ok: false, checked: 0, firstBad: null, reason: (err as Error).message, upToSeq: 0, checkpoints: 0, witness: summaryOf(witness) };
  }
}

/** The answer of POST /api/audit-events/verify and of the CLI: the documented four fields, and what else was checked. */
export function verifyAnswer(r: VerifyResult) {
  return { ok: r.ok, checked: r.checked, firstBad: r.firstBad, reason: r.reason, upToSeq: r.upToSeq, checkpoints: r.checkpoints, witness: r.witness };
}
