import type { auditEvents } from '../../db/schema.ts';
import { randomUUID } from 'node:crypto';
import { commitsDurably, durableTransaction, type Db } from '../../db/connection.ts';
import { checkpointBody, nextEntry, type ChainHead } from './entry.ts';
import { signCheckpoint, type AuditSigner } from './signing.ts';
import type { AuditWitness, WitnessRecord } from './witness.ts';
import type { AuditTrail } from './trail.ts';

export type Outcome = 'requested' | 'succeeded' | 'failed' | 'denied';

export type Actor =
  | { type: 'staff'; id: string; email: string; role: string }
  | { type: 'customer'; id?: string | null; email?: string | null }
  | { type: 'system' }
  | { type: 'anonymous'; email?: string | null };

/** Where a request came from: built once per request by `auditContext(c)`. */
export type RequestOrigin = {
  requestId: string;
  actor: Actor;
  ip?: string | null;
  userAgent?: string | null;
};

export type AuditInput = RequestOrigin & {
  action: string;
  outcome: Outcome;
  target?: { type: string; id: string } | null;
  customerId?: string | null;
  request?: unknown;
  before?: unknown;
  after?: unknown;
  error?: unknown;
  upstreamRef?: string | null;
};

/** A stored entry: the row type comes from the one schema. */
export type AuditEntry = typeof auditEvents.$inferSelect;

/** The fields of an entry that the hash covers: everything but prev_hash and hash. */
export function hashedFields(e: Omit<AuditEntry, 'prevHash' | 'hash'>) {
  return {
    seq: e.seq,
    time: e.time,
    requestId: e.requestId,
    actorType: e.actorType,
    actorId: e.actorId,
    actorEmail: e.actorEmail,
    actorRole: e.actorRole,
    ip: e.ip,
    userAgent: e.userAgent,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    customerId: e.customerId,
    request: e.request,
    before: e.before,
    after: e.after,
    outcome: e.outcome,
    error: e.error,
    upstreamRef: e.upstreamRef,
  };
}

export const newRequestId = () => randomUUID();

export type AuditLogOptions = {
  /** Signs a checkpoint of the chain head every `checkpointEvery` entries and on `checkpoint()`. */
  signer?: AuditSigner | null;
  checkpointEvery?: number;
  /** Receives every checkpoint once it is committed: the head kept outside the database. */
  witness?: AuditWitness | null;
};

/**
 * Appends entries to the hash-chained audit log. The previous hash is read inside the same
 * IMMEDIATE transaction that inserts, so two writers (even two processes) can never fork the chain.
 *
 * Also kept inside that transaction, so they can never disagree with the log:
 * - time never goes backwards along the chain (a clock step back reuses the head's time), which
 *   lets lists sort by seq and turn a time range into a seq range;
 * - the derived `audit_pending` list of `requested` entries still waiting for their outcome;
 * - a signed checkpoint every N entries (one Ed25519 signature, tens of microseconds).
 */
export class AuditLog implements AuditTrail {
  private readonly insert;
  private readonly head;
  private readonly addPending;
  private readonly settlePending;
  private readonly lastCheckpoint;
  private readonly insertCheckpoint;
  private readonly signer: AuditSigner | null;
  private readonly checkpointEvery: number;
  private readonly witness: AuditWitness | null;
  private readonly storedCheckpoint;
  /** Checkpoints written in a transaction that has not yet been seen committed. */
  private unwitnessed: WitnessRecord[] = [];
  private witnessScheduled = false;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
    options: AuditLogOptions = {},
  ) {
    const sqlite = db.$client;
    this.signer = options.signer ?? null;
    this.checkpointEvery = options.checkpointEvery ?? 1000;
    this.witness = options.witness ?? null;
    this.head = sqlite.prepare('SELECT seq, hash, time FROM audit_events ORDER BY seq DESC LIMIT 1');
    this.insert = sqlite.prepare(`INSERT INTO audit_events
      (seq, time, request_id, actor_type, actor_id, actor_email, actor_role, ip, user_agent, action,
       target_type, target_id, customer_id, request, before, after, outcome, error, upstream_ref, prev_hash, hash)
      VALUES (@seq, @time, @requestId, @actorType, @actorId, @actorEmail, @actorRole, @ip, @userAgent, @action,
       @targetType, @targetId, @customerId, @request, @before, @after, @outcome, @error, @upstreamRef, @prevHash, @hash)`);
    this.addPending = sqlite.prepare('INSERT OR IGNORE INTO audit_pending (seq, request_id, action) VALUES (?, ?, ?)');
    this.settlePending = sqlite.prepare('DELETE FROM audit_pending WHERE request_id = ? AND action = ?');
    this.lastCheckpoint = sqlite.prepare('SELECT seq FROM audit_checkpoints ORDER BY seq DESC LIMIT 1').pluck();
    this.insertCheckpoint = sqlite.prepare('INSERT OR IGNORE INTO audit_checkpoints (seq, hash, time, key_id, signature) VALUES (?, ?, ?, ?, ?)');
    this.storedCheckpoint = sqlite.prepare('SELECT signature FROM audit_checkpoints WHERE seq = ?').pluck();
  }

  /** The last entry's seq, hash and time (undefined for an empty log). */
  async currentHead(): Promise<ChainHead | undefined> {
    return this.head.get() as ChainHead | undefined;
  }

  /**
   * AuditTrail's batch: recordAll, committed before this returns (better-sqlite3 is synchronous),
   * so a caller that does not wait still finds the entries written.
   */
  async appendBatch(inputs: AuditInput[]): Promise<AuditEntry[]> {
    return this.recordAll(inputs);
  }

  /** Appends one entry and commits it durably before returning. The simple path for one-off entries. */
  record(input: AuditInput): AuditEntry {
    const entry = durableTransaction(this.db, () => this.appendInTransaction(input));
    this.witnessCommitted();
    return entry;
  }

  /** Appends several entries in one durable transaction (one disk flush), in order. */
  recordAll(inputs: AuditInput[]): AuditEntry[] {
    if (!inputs.length) return [];
    const entries = durableTransaction(this.db, () => inputs.map((input) => this.appendInTransaction(input)));
    this.witnessCommitted();
    return entries;
  }

  private queue: Array<{ input: AuditInput; resolve: (e: AuditEntry) => void; reject: (err: unknown) => void }> = [];
  private flushScheduled = false;

  /**
   * Appends one entry; resolves once it is committed durably. Entries appended by concurrent
   * requests in the same turn of the event loop share one transaction and one fsync (group
   * commit): with synchronous=FULL a commit costs a disk flush (~0.3 ms here), which would cap
   * one-commit-per-entry at about 3,000 entries a second. Same guarantee as record(): nothing
   * resolves before its entry is on disk. runAction uses this.
   */
  append(input: AuditInput): Promise<AuditEntry> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush() {
    this.flushScheduled = false;
    const batch = this.queue.splice(0);
    if (!batch.length) return;
    let entries: AuditEntry[];
    try {
      entries = durableTransaction(this.db, () => batch.map((b) => this.appendInTransaction(b.input)));
    } catch {
      // One bad entry must not fail its neighbours: fall back to one transaction each.
      for (const b of batch) {
        try {
          b.resolve(this.record(b.input));
        } catch (err) {
          b.reject(err);
        }
      }
      return;
    }
    this.witnessCommitted();
    batch.forEach((b, i) => b.resolve(entries[i]!));
  }

  /** One append inside the caller's IMMEDIATE transaction: head read, insert, pending list, checkpoint. */
  private appendInTransaction(input: AuditInput): AuditEntry {
    // An entry is on disk when its caller answers: a caller's own transaction must be durable too.
    if (!commitsDurably(this.db)) throw new Error('audit entries must be written inside durableTransaction()');
    const head = this.head.get() as ChainHead | undefined;
    const entry = nextEntry(input, head, this.clock().toISOString());
    this.insert.run(entry);
    if (entry.outcome === 'requested') this.addPending.run(entry.seq, entry.requestId, entry.action);
    else if (entry.outcome === 'succeeded' || entry.outcome === 'failed') this.settlePending.run(entry.requestId, entry.action);
    if (this.signer && entry.seq % this.checkpointEvery === 0) this.writeCheckpoint(entry);
    return entry;
  }

  /**
   * Signs a checkpoint of the current head unless it already has one (shutdown, tests, the CLI).
   * Returns the checkpointed seq, or null when there is nothing to sign.
   */
  async checkpoint(): Promise<number | null> {
    if (!this.signer) return null;
    const seq = durableTransaction(this.db, () => {
      const head = this.head.get() as ChainHead | undefined;
      if (!head) return null;
      const last = (this.lastCheckpoint.get() as number | undefined) ?? 0;
      if (last >= head.seq) return last;
      this.writeCheckpoint(head);
      return head.seq;
    });
    this.witnessCommitted();
    return seq;
  }

  /** Inside the caller's transaction: the previous checkpoint's seq is part of what is signed. */
  private writeCheckpoint(head: ChainHead) {
    const signer = this.signer!;
    const prevSeq = (this.lastCheckpoint.get() as number | undefined) ?? 0;
    if (prevSeq >= head.seq) return;
    const body = checkpointBody(signer, head, prevSeq, this.clock().toISOString());
    const signature = signCheckpoint(signer, body);
    this.insertCheckpoint.run(body.seq, body.hash, body.time, body.keyId, signature);
    if (this.witness) this.unwitnessed.push({ v: 1, kind: 'checkpoint', ...body, signature });
  }

  /**
   * Hands the witness the checkpoints that are now committed. Called after each transaction of
   * ours; inside a caller's transaction (durableTransaction nests) the commit is theirs, so it
   * looks again on the next turn of the event loop, when the (synchronous) transaction has ended,
   * and passes on only what is in the table: a rolled-back checkpoint is not witnessed.
   */
  private witnessCommitted() {
    if (!this.witness || !this.unwitnessed.length) return;
    const sqlite = this.db.$client;
    if (!sqlite.open) return;
    if (sqlite.inTransaction) {
      if (!this.witnessScheduled) {
        this.witnessScheduled = true;
        setImmediate(() => {
          this.witnessScheduled = false;
          this.witnessCommitted();
        });
      }
      return;
    }
    for (const record of this.unwitnessed.splice(0)) {
      if (this.storedCheckpoint.get(record.seq) === record.signature) this.witness.append(record);
    }
  }
}
