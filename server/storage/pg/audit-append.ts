import { desc, getTableColumns, sql } from 'drizzle-orm';
import type { PgDb, PgTx } from '../../../db/pg.ts';
import { ADVISORY_LOCKS } from '../../../db/pg-locks.ts';
import { auditCheckpoints, auditEvents, auditPending } from '../../../db/schema.pg.ts';
import { checkpointBody, nextEntry, pendingChange, type ChainHead } from '../../audit/entry.ts';
import type { AuditEntry, AuditInput, AuditLogOptions } from '../../audit/log.ts';
import { signCheckpoint, type AuditSigner } from '../../audit/signing.ts';
import type { AuditWitness, WitnessRecord } from '../../audit/witness.ts';
import type { AuditTrail } from '../../audit/trail.ts';

/** Entries in one group commit at most: 21 parameters each and 3 for a pending row, well under PostgreSQL's 65,535 a statement. */
const MAX_BATCH = 1000;

/**
 * audit_events' columns for an insert of a whole batch as one array per column (unnest): building
 * it costs a fraction of drizzle's row-by-row insert (about 10 ms for 64 entries), and that time is
 * spent holding the append lock. Read from the schema, so a new column cannot be left out.
 */
const EVENT_COLUMNS = Object.entries(getTableColumns(auditEvents)).map(([key, column]) => {
  const array = column.columnType === 'PgBigInt53' ? 'bigint[]' : column.getSQLType().startsWith('text') ? 'text[]' : null;
  if (!array) throw new Error(`audit_events.${column.name}: no array type for ${column.getSQLType()} in the batch insert`);
  return { key: key as keyof AuditEntry, name: column.name, array };
});
const INSERT_EVENTS = `INSERT INTO audit_events (${EVENT_COLUMNS.map((c) => c.name).join(', ')}) SELECT * FROM unnest(`;

/**
 * What a batch does to the pending list, as appending its entries one by one would: an outcome
 * settles its action (every row of it, older ones included), and a `requested` is added unless an
 * outcome for it follows in the same batch. The settled rows are the ones already stored (one
 * statement sees the table as it was), the added ones are new: the two never meet.
 */
function pendingChanges(entries: AuditEntry[]): { added: AuditEntry[]; settled: AuditEntry[] } {
  const added: AuditEntry[] = [];
  const settled: AuditEntry[] = [];
  const settledLater = new Set<string>();
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    const change = pendingChange(entry);
    const key = `${entry.requestId}\u0000${entry.action}`;
    if (change === 'settle' && !settledLater.has(key)) {
      settled.push(entry);
      settledLater.add(key);
    } else if (change === 'add' && !settledLater.has(key)) added.push(entry);
  }
  return { added: added.reverse(), settled };
}

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
export class PgAuditLog implements AuditTrail {
  private readonly signer: AuditSigner | null;
  private readonly checkpointEvery: number;
  private readonly witness: AuditWitness | null;
  /** Checkpoints signed in each open transaction of inTransaction(), witnessed once it commits. */
  private readonly unwitnessed = new Map<PgTx, WitnessRecord[]>();
  private queue: Array<{ input: AuditInput; resolve: (e: AuditEntry) => void; reject: (err: unknown) => void }> = [];
  private flushScheduled = false;
  /** An append() transaction is open: the next waits for it (see append). */
  private flushing = false;

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

  /** Several entries, in order, in one transaction of their own; resolves once it is committed. */
  appendBatch(inputs: AuditInput[]): Promise<AuditEntry[]> {
    return this.inTransaction((tx) => this.appendAll(tx, inputs));
  }

  /**
   * Appends one entry; resolves once it is committed. Group commit, as on SQLite, with one append
   * transaction of this instance open at a time: entries that arrive while it runs wait and go
   * together in the next (up to MAX_BATCH), one lock wait, one round of statements and one WAL
   * flush for all of them. Several transactions of one instance in flight at once would only queue
   * at the append lock, holding pool connections, and split the batches the other instances wait behind.
   */
  append(input: AuditInput): Promise<AuditEntry> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.scheduleFlush();
    });
  }

  private scheduleFlush() {
    if (this.flushScheduled || this.flushing || !this.queue.length) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush() {
    this.flushScheduled = false;
    const batch = this.queue.splice(0, MAX_BATCH);
    if (!batch.length) return;
    this.flushing = true;
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
    } finally {
      this.flushing = false;
      this.scheduleFlush();
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
    // The entries and the pending list's changes in one statement: every round trip between the
    // lock and the commit keeps the other instances waiting.
    const { added, settled } = pendingChanges(entries);
    const settle = settled.length
      ? sql`, settled AS (DELETE FROM audit_pending WHERE (request_id, action) IN (SELECT * FROM unnest(${sql.param(settled.map((e) => e.requestId))}::text[], ${sql.param(settled.map((e) => e.action))}::text[])))`
      : sql``;
    const add = added.length
      ? tx
          .insert(auditPending)
          .values(added.map((e) => ({ seq: e.seq, requestId: e.requestId, action: e.action })))
          .onConflictDoNothing()
          .getSQL()
      : sql`SELECT 1`;
    const columns = sql.join(
      EVENT_COLUMNS.map((c) => sql`${sql.param(entries.map((e) => e[c.key] ?? null))}::${sql.raw(c.array)}`),
      sql`, `,
    );
    // getSQL(): a query inlined as it is (a builder would be wrapped in parentheses, as a subquery).
    await tx.execute(sql`WITH appended AS (${sql.raw(INSERT_EVENTS)}${columns}))${settle} ${add}`);
    for (const entry of entries) if (this.signer && entry.seq % this.checkpointEvery === 0) await this.writeCheckpoint(tx, entry);
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
