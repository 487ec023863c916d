import type pg from 'pg';
import type { PgDb } from '../../../db/pg.ts';
import { CHAIN_COLUMNS, ChainWalk, type ChainRow, type CheckpointRow, type VerifyResult } from '../../audit/chain-walk.ts';
import type { AuditVerifier } from '../../audit/signing.ts';
import type { WitnessReading } from '../../audit/witness.ts';

/**
 * verifyAuditLog on PostgreSQL: the whole chain and the signed checkpoints, judged by the same
 * ChainWalk. One REPEATABLE READ, READ ONLY transaction, so the head, the checkpoints and every
 * batch come from one snapshot while other instances keep appending; keyset batches of rows as
 * arrays (no object per row) on one connection of the pool. `witness`, read before this call, is
 * compared as on SQLite: a cut tail whose checkpoints went with it is caught here too.
 */
export async function verifyAuditLogPg(
  db: PgDb,
  verifier: AuditVerifier,
  options: { batchSize?: number; witness?: WitnessReading } = {},
): Promise<VerifyResult> {
  const size = options.batchSize ?? 5000;
  const client = await db.$client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const upToSeq = (await client.query<{ n: number }>('SELECT coalesce(max(seq), 0) AS n FROM audit_events')).rows[0]!.n;
    const checkpoints = (await client.query<CheckpointRow>('SELECT seq, hash, time, key_id AS "keyId", signature FROM audit_checkpoints ORDER BY seq')).rows;
    const walk = new ChainWalk(verifier, checkpoints, upToSeq, options.witness);
    let after = 0;
    read: while (after < walk.limit) {
      const { rows } = await client.query<ChainRow>({
        text: `SELECT ${CHAIN_COLUMNS} FROM audit_events WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3`,
        values: [after, walk.limit, size],
        rowMode: 'array',
      } as pg.QueryArrayConfig);
      if (!rows.length) break;
      for (const r of rows) if (!walk.check(r)) break read;
      after = rows[rows.length - 1]![0];
    }
    await client.query('COMMIT');
    return walk.result();
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
