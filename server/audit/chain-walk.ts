import { GENESIS_HASH, chainHash, rowCanonicalJson } from './canonical.ts';
import { checkpointSignatureValid, type AuditVerifier } from './signing.ts';
import type { VerifyResult } from './verify.ts';

/**
 * The judgement of a verification, apart from how the rows are read: fed the entries in seq order
 * from one snapshot, it names the first that does not match, as server/audit/verify.ts does on
 * SQLite. The PostgreSQL verification (server/storage/pg/audit-verify.ts) feeds it;
 * test/audit-chain-walk.test.ts holds it to verifyAuditLog on every tamper case. docs/postgres.md:
 * verify.ts is to keep only its reading and hand each row here.
 */

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

type Problem = { seq: number; reason: string };

/** The checkpoints alone: each signed by our key over {seq, hash, time, keyId, prevSeq}. */
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

export class ChainWalk {
  /** The last seq to feed: the snapshot's head, or the first bad checkpoint. */
  readonly limit: number;
  private readonly checkpointAt: Map<number, CheckpointRow>;
  private readonly badCheckpoint: Problem | null;
  private expected = 1;
  private prevHash = GENESIS_HASH;
  private prevTime = '';
  private checked = 0;
  private problem: Problem | null = null;

  /** `upToSeq` and `checkpoints` from the same snapshot as the rows. */
  constructor(
    verifier: AuditVerifier,
    private readonly checkpoints: CheckpointRow[],
    private readonly upToSeq: number,
  ) {
    this.badCheckpoint = checkpointProblem(checkpoints, verifier);
    // Only checkpoints before the first bad one are trusted to judge entries.
    const bad = this.badCheckpoint;
    this.checkpointAt = new Map(checkpoints.filter((cp) => !bad || cp.seq < bad.seq).map((cp) => [cp.seq, cp]));
    this.limit = bad ? Math.min(upToSeq, bad.seq) : upToSeq;
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
    this.prevHash = hash;
    this.prevTime = r[1];
    this.expected = seq + 1;
    this.checked++;
    return null;
  }

  /** The verdict once every row up to `limit` was fed (or check() said stop). */
  result(): Omit<VerifyResult, 'witness'> {
    const { upToSeq, checkpoints } = this;
    const lastCheckpoint = checkpoints.at(-1);
    let problem = this.problem ?? this.badCheckpoint;
    if (!problem && lastCheckpoint && lastCheckpoint.seq > upToSeq) {
      problem = {
        seq: upToSeq + 1,
        reason: `entries ${upToSeq + 1} to ${lastCheckpoint.seq} were cut off: the signed checkpoint at seq ${lastCheckpoint.seq} names them`,
      };
    }
    if (!problem && this.expected <= upToSeq) problem = { seq: this.expected, reason: `entry ${this.expected} is missing` };
    const base = { checked: this.checked, upToSeq, checkpoints: checkpoints.length };
    if (problem) return { ok: false, firstBad: problem.seq, reason: problem.reason, ...base };
    return {
      ok: true,
      firstBad: null,
      reason: upToSeq === 0 ? 'the log is empty' : `all ${this.checked} entries and ${checkpoints.length} signed checkpoints match`,
      ...base,
    };
  }
}
