import type { Db } from '../../../db/connection.ts';
import Database from 'better-sqlite3';
import { CHAIN_COLUMNS, ChainWalk, type ChainRow, type CheckpointRow, type VerifyResult } from '../chain-walk.ts';
import type { AuditVerifier } from '../signing.ts';
import type { WitnessReading } from '../witness.ts';

const BATCH = 5000;

/**
 * Verifies the SQLite audit log: reads the head, the checkpoints and every entry from one
 * snapshot and hands them to ChainWalk (server/audit/chain-walk.ts), which judges them as it does
 * on PostgreSQL and names the first entry that does not match; what it catches is said there.
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
  const walk = new ChainWalk(verifier, checkpoints, upToSeq, options.witness);
  const size = options.batchSize ?? BATCH;

  const yieldToServer = () => new Promise<void>((r) => setImmediate(r));
  const sql = `SELECT ${CHAIN_COLUMNS} FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq`;
  const file = sqlite.memory ? null : sqlite.name;
  if (file) {
    // A file: stream it through a second, read-only connection. Its iterator may stay open across
    // event-loop turns (the main connection keeps accepting writes) and reads one WAL snapshot.
    const reader = new Database(file, { readonly: true, fileMustExist: true });
    try {
      let n = 0;
      for (const r of reader.prepare(sql).raw().iterate(0, walk.limit) as IterableIterator<ChainRow>) {
        if (!walk.check(r)) break;
        if (++n % size === 0) await yieldToServer();
      }
    } finally {
      reader.close();
    }
  } else {
    // In memory (tests): keyset batches on the one connection, which cannot hold an iterator open.
    const batch = sqlite.prepare(`${sql} LIMIT ?`).raw();
    let after = 0;
    read: while (after < walk.limit) {
      const rows = batch.all(after, walk.limit, size) as ChainRow[];
      if (!rows.length) break;
      for (const r of rows) if (!walk.check(r)) break read;
      after = rows[rows.length - 1]![0];
      await yieldToServer();
    }
  }
  return walk.result();
}
