import { GENESIS_HASH, chainHash, rowCanonicalJson } from './canonical.ts';
import { checkpointSignatureValid, type AuditVerifier } from './signing.ts';
import type { WitnessReading } from './witness.ts';

/**
 * The judgement of a verification, apart from how the rows are read: fed the entries in seq order
 * from one snapshot, it names the first that does not match. The one implementation of the rule:
 * server/audit/store/sqlite-verify.ts feeds it from SQLite, server/storage/pg/audit-verify.ts from PostgreSQL.
 *
 * Catches, even with the append-only triggers dropped: an edited entry (its hash no longer
 * recomputes), a deleted entry (a gap in seq), entries swapped (hash or link mismatch), a rewrite
 * that recomputed every hash after it (the next checkpoint's signed hash differs), entries cut
 * off the end (the last checkpoint names a seq that is gone), an edited or removed checkpoint
 * (signature). On its own it cannot catch a cut tail whose checkpoints were deleted with it,
 * nor a whole rewrite with every checkpoint deleted: the witness (read before the snapshot, so
 * every line in it names a seq already committed) catches those, since it still names the head
 * the log reached. Entries after the last checkpoint are covered by neither until the next
 * checkpoint or the shutdown's.
 */

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

/**
 * An entry as a tuple, columns in this order: seq, time, request_id, actor_type, actor_id,
 * actor_email, actor_role, ip, user_agent, action, target_type, target_id, customer_id, request,
 * before, after, outcome, error, upstream_ref, prev_hash, hash.
 */
export type ChainRow = readonly [number, string, ...(string | null)[]];

/** The SELECT list that reads a ChainRow. */
export const CHAIN_COLUMNS = `seq, time, request_id, actor_type, actor_id, actor_email, actor_role, ip, user_agent, action,
  target_type, target_id, customer_id, request, before, after, outcome, error, upstream_ref, prev_hash, hash`;

export type CheckpointRow = { seq: number; hash: string; time: string; keyId: string; signature: string };

/** seq 0 when the problem is the witness file itself, not an entry. */
type Problem = { seq: number; reason: string };

/**
 * The checkpoints alone: each signed by our key, over {seq, hash, time, keyId, prevSeq} where
 * prevSeq is the seq of the checkpoint before it (so removing one breaks the next).
 */
function checkpointProblem(checkpoints: CheckpointRow[], verifier: AuditVerifier): Problem | null {
  let prevSeq = 0;
  for (const cp of checkpoints) {
    if (cp.keyId !== verifier.keyId) {
      return { seq: cp.seq, reason: `checkpoint at seq ${cp.seq} names key ${cp.keyId}, not the configured key ${verifier.keyId}` };
    }
    if (!checkpointSignatureValid(verifier, { seq: cp.seq, hash: cp.hash, time: cp.time, keyId: cp.keyId, prevSeq }, cp.signature)) {
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
 * What the witness names that the log no longer has: entries past its head (a cut tail, even
 * with the checkpoints that named it deleted), or a witnessed checkpoint gone from the table.
 */
function witnessedTailProblem(witness: WitnessReading, vouched: Map<number, string>, upToSeq: number, checkpoints: CheckpointRow[]): Problem | null {
  let last = 0;
  for (const seq of vouched.keys()) last = Math.max(last, seq);
  if (last > upToSeq) {
    return {
      seq: upToSeq + 1,
      reason: `${last === upToSeq + 1 ? `entry ${last} was` : `entries ${upToSeq + 1} to ${last} were`} cut off: the witness (${witness.path}) names entry ${last}`,
    };
  }
  const checkpointSeqs = new Set(checkpoints.map((cp) => cp.seq));
  const gone = witness.records.find((r) => r.kind === 'checkpoint' && !checkpointSeqs.has(r.seq));
  if (gone)
    return { seq: gone.seq, reason: `the signed checkpoint at seq ${gone.seq}, which the witness (${witness.path}) holds, was removed from the database` };
  return null;
}

export function witnessSummary(witness: WitnessReading): WitnessSummary {
  const lastSeq = witness.records.reduce<number | null>((max, r) => (max === null || r.seq > max ? r.seq : max), null);
  return { path: witness.path, records: witness.records.length, lastSeq, syslog: witness.syslog };
}

export class ChainWalk {
  /** The last seq to feed: the snapshot's head, or the first bad checkpoint. */
  readonly limit: number;
  private readonly checkpointAt: Map<number, CheckpointRow>;
  private readonly badCheckpoint: Problem | null;
  private readonly witnessed: { vouched: Map<number, string>; problem: Problem | null } | null;
  private expected = 1;
  private prevHash = GENESIS_HASH;
  private prevTime = '';
  private checked = 0;
  private problem: Problem | null = null;

  /**
   * `upToSeq` and `checkpoints` from the same snapshot as the rows; `witness` (when one is kept)
   * read before that snapshot was taken.
   */
  constructor(
    verifier: AuditVerifier,
    private readonly checkpoints: CheckpointRow[],
    private readonly upToSeq: number,
    private readonly witness?: WitnessReading,
  ) {
    this.badCheckpoint = checkpointProblem(checkpoints, verifier);
    // Only checkpoints before the first bad one are trusted to judge entries.
    const bad = this.badCheckpoint;
    this.checkpointAt = new Map(checkpoints.filter((cp) => !bad || cp.seq < bad.seq).map((cp) => [cp.seq, cp]));
    this.limit = bad ? Math.min(upToSeq, bad.seq) : upToSeq;
    this.witnessed = witness ? readableWitness(witness, upToSeq) : null;
  }

  /** Checks the next entry; false once a problem is found (feed no more). */
  check(r: ChainRow): boolean {
    const problem = this.judge(r);
    if (problem) this.problem = problem;
    return !problem;
  }

  private judge(r: ChainRow): Problem | null {
    const seq = r[0];
    const expected = this.expected;
    if (seq !== expected) {
      return { seq: expected, reason: expected === seq - 1 ? `entry ${expected} is missing` : `entries ${expected} to ${seq - 1} are missing` };
    }
    if (r[19] !== this.prevHash) return { seq, reason: `entry ${seq} does not link to entry ${seq - 1} (moved, swapped or the one before was changed)` };
    const hash = chainHash(this.prevHash, rowCanonicalJson(r));
    if (hash !== r[20]) return { seq, reason: `entry ${seq} was altered: its content does not match its hash` };
    if (r[1] < this.prevTime) return { seq, reason: `entry ${seq} is dated before entry ${seq - 1}` };
    const cp = this.checkpointAt.get(seq);
    if (cp && cp.hash !== hash) return { seq, reason: `entry ${seq} does not match the signed checkpoint at seq ${seq}: the log up to here was rewritten` };
    const witnessed = this.witnessed?.vouched.get(seq);
    if (witnessed !== undefined && witnessed !== hash)
      return { seq, reason: `entry ${seq} does not match the witness (${this.witness!.path}): the log up to here was rewritten` };
    this.prevHash = hash;
    this.prevTime = r[1];
    this.expected = seq + 1;
    this.checked++;
    return null;
  }

  /** The verdict once every row up to `limit` was fed (or check() said stop). */
  result(): VerifyResult {
    const { upToSeq, checkpoints, witness, witnessed } = this;
    const lastCheckpoint = checkpoints.at(-1);
    let problem = this.problem ?? this.badCheckpoint;
    if (!problem && lastCheckpoint && lastCheckpoint.seq > upToSeq) {
      problem = {
        seq: upToSeq + 1,
        reason: `entries ${upToSeq + 1} to ${lastCheckpoint.seq} were cut off: the signed checkpoint at seq ${lastCheckpoint.seq} names them`,
      };
    }
    if (!problem && this.expected <= upToSeq) problem = { seq: this.expected, reason: `entry ${this.expected} is missing` };
    if (!problem && witness && witnessed) problem = witnessed.problem ?? witnessedTailProblem(witness, witnessed.vouched, upToSeq, checkpoints);
    const base = { checked: this.checked, upToSeq, checkpoints: checkpoints.length, witness: witness ? witnessSummary(witness) : null };
    // seq 0: the witness itself is missing or edited, which names no entry.
    if (problem) return { ok: false, firstBad: problem.seq > 0 ? problem.seq : null, reason: problem.reason, ...base };
    return {
      ok: true,
      firstBad: null,
      reason:
        upToSeq === 0
          ? 'the log is empty'
          : `all ${this.checked} entries and ${checkpoints.length} signed checkpoints match${witness ? `, and the witness's ${witness.records.length} records` : ''}`,
      ...base,
    };
  }
}
