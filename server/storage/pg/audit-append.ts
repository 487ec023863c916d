import { desc, eq, and, sql } from 'drizzle-orm';
import type { PgDb, PgTx } from '../../../db/pg.ts';
import { ADVISORY_LOCKS } from '../../../db/pg-locks.ts';
import { auditCheckpoints, auditEvents, auditPending } from '../../../db/schema.pg.ts';
import { checkpointBody, nextEntry, pendingChange, type ChainHead } from '../../audit/entry.ts';
import type { AuditEntry, AuditInput, AuditLogOptions } from '../../audit/log.ts';
import { signCheckpoint, type AuditSigner } from '../../audit/signing.ts';
import type { AuditWitness, WitnessRecord } from '../../audit/witness.ts';

/**
 * The audit log's appends on PostgreSQL, one chain whatever the number of instances.
 *
 * Each append transaction first takes a transaction-scoped advisory lock (pg_advisory_xact_lock),
 * then reads the head, inserts, keeps the pending list and signs a checkpoint when one is due, and
 * commits; the lock goes with the commit or the rollback. Chosen over `SELECT ... FOR UPDATE` on a
 * head row because it needs no second copy of the head to keep in step with the log (nor an
 * UPDATE of one hot row per append, and its dead tuples), it cannot outlive its transaction, and
 * the head is one step down the primary key anyway. The transaction runs READ COMMITTED, so the
 * head read, a statement after the lock was granted, sees the entry the previous holder committed
 * (under REPEATABLE READ the snapshot would date from before the wait and fork the chain). seq is
 * the primary key: even a writer that skipped the lock could not fork, only fail.
 *
 * Same entries, bytes and checkpoints as the SQLite log (server/audit/entry.ts). Commits are
 * durable: every connection runs with synchronous_commit on (db/pg.ts). Each checkpoint goes to
 * this instance's witness once its transaction has committed, as on SQLite (a rolled-back one never
 * does); with several instances each witness holds the checkpoints its own instance signed.
 */
export class PgAuditLog {
  private readonly signer: AuditSigner | null;
  private readonly checkpointEvery: number;
  private readonly witness: AuditWitness | null;
  /** Checkpoints signed in each open transaction of inTransaction(), witnessed once it commits. */
  private readonly unwitnessed = new Map<PgTx, WitnessRecord[]>();
  private queue: Array<{ input: AuditInput; resolve: (e: AuditEntry) => void; reject: (err: unknown) => void }> = [];
  private flushScheduled = false;

  constructor(
    private readonly db: PgDb,
    private readonly clock: () => Date = () => new Date(),
    options: AuditLogOptions = {},
  ) {
    this.signer = options.signer ?? null;
    this.checkpointEvery = options.checkpointEvery ?? 1000;
    this.witness = options.witness ?? null;
  }

  /** Appends one entry in a transaction of its own; resolves once it is committed. */
  record(input: AuditInput): Promise<AuditEntry> {
    return this.inTransaction((tx) => this.appendAll(tx, [input])).then((entries) => entries[0]!);
  }

  /**
   * Appends one entry; entries appended in the same turn of the event loop share one transaction
   * and one commit (group commit, as on SQLite): one lock wait and one WAL flush for all of them.
   */
  append(input: AuditInput): Promise<AuditEntry> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush() {
    this.flushScheduled = false;
    const batch = this.queue.splice(0);
    if (!batch.length) return;
    try {
      const entries = await this.inTransaction((tx) =>
        this.appendAll(
          tx,
          batch.map((b) => b.input),
        ),
      );
      batch.forEach((b, i) => b.resolve(entries[i]!));
    } catch {
      // One bad entry must not fail its neighbours: one transaction each.
      for (const b of batch) await this.record(b.input).then(b.resolve, b.reject);
    }
  }

  /**
   * The transaction appends run in: READ COMMITTED whatever the server's default (see above); the
   * checkpoints signed in it reach the witness after the commit.
   */
  async inTransaction<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
    const signed: WitnessRecord[] = [];
    const result = await this.db.transaction(
      async (tx) => {
        this.unwitnessed.set(tx, signed);
        try {
          return await fn(tx);
        } finally {
          this.unwitnessed.delete(tx);
        }
      },
      { isolationLevel: 'read committed' },
    );
    for (const record of signed) this.witness?.append(record);
    return result;
  }

  /**
   * Appends entries, in order, inside the caller's transaction (opened with inTransaction(), e.g.
   * a note and its audit entry together). The append lock is held from here to the commit: keep
   * what follows short, and never wait on an upstream in between.
   */
  async appendAll(tx: PgTx, inputs: AuditInput[]): Promise<AuditEntry[]> {
    if (!this.unwitnessed.has(tx)) throw new Error('audit entries must be appended inside PgAuditLog.inTransaction()');
    if (!inputs.length) return [];
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.auditAppend})`);
    let head: ChainHead | undefined = await this.head(tx);
    const entries: AuditEntry[] = [];
    for (const input of inputs) {
      const entry = nextEntry(input, head, this.clock().toISOString());
      entries.push(entry);
      head = entry;
    }
    await tx.insert(auditEvents).values(entries);
    for (const entry of entries) {
      const change = pendingChange(entry);
      if (change === 'add') await tx.insert(auditPending).values({ seq: entry.seq, requestId: entry.requestId, action: entry.action }).onConflictDoNothing();
      else if (change === 'settle')
        await tx.delete(auditPending).where(and(eq(auditPending.requestId, entry.requestId), eq(auditPending.action, entry.action)));
      if (this.signer && entry.seq % this.checkpointEvery === 0) await this.writeCheckpoint(tx, entry);
    }
    return entries;
  }

  /**
   * Signs a checkpoint of the current head unless it already has one (shutdown, the CLI).
   * Returns the checkpointed seq, or null when there is nothing to sign.
   */
  checkpoint(): Promise<number | null> {
    if (!this.signer) return Promise.resolve(null);
    return this.inTransaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${ADVISORY_LOCKS.auditAppend})`);
      const head = await this.head(tx);
      if (!head) return null;
      const last = await this.lastCheckpointSeq(tx);
      if (last >= head.seq) return last;
      await this.writeCheckpoint(tx, head);
      return head.seq;
    });
  }

  /** The last entry's seq, hash and time (undefined for an empty log): what a new witness starts from. */
  currentHead(): Promise<ChainHead | undefined> {
    return this.head(this.db);
  }

  private async head(tx: PgTx | PgDb): Promise<ChainHead | undefined> {
    const [head] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash, time: auditEvents.time })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    return head;
  }

  private async lastCheckpointSeq(tx: PgTx): Promise<number> {
    const [last] = await tx.select({ seq: auditCheckpoints.seq }).from(auditCheckpoints).orderBy(desc(auditCheckpoints.seq)).limit(1);
    return last?.seq ?? 0;
  }

  /** Inside the append's transaction, under its lock: the previous checkpoint's seq is part of what is signed. */
  private async writeCheckpoint(tx: PgTx, head: ChainHead) {
    const signer = this.signer!;
    const prevSeq = await this.lastCheckpointSeq(tx);
    if (prevSeq >= head.seq) return;
    const body = checkpointBody(signer, head, prevSeq, this.clock().toISOString());
    const signature = signCheckpoint(signer, body);
    const written = await tx
      .insert(auditCheckpoints)
      .values({ seq: body.seq, hash: body.hash, time: body.time, keyId: body.keyId, signature })
      .onConflictDoNothing()
      .returning({ seq: auditCheckpoints.seq });
    if (written.length) this.unwitnessed.get(tx)?.push({ v: 1, kind: 'checkpoint', ...body, signature });
  }
}
