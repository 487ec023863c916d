import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { openDatabase, type Db } from '../db/connection.ts';
import { AuditLog } from '../server/audit/log.ts';
import { keyIdOf, type AuditVerifier } from '../server/audit/signing.ts';
import { verifyAuditLog } from '../server/audit/verify.ts';
import { CHAIN_COLUMNS, ChainWalk, type ChainRow, type CheckpointRow } from '../server/audit/chain-walk.ts';
import { auditInputs } from './helpers/audit-inputs.ts';
import { DROP_TRIGGERS, TAMPERS, type Sql } from './helpers/audit-tampers.ts';

/**
 * ChainWalk is the verification the PostgreSQL side runs. It must judge exactly as
 * verifyAuditLog does on SQLite: the same verdict, the same first bad entry, the same words.
 */
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signer = { keyId: keyIdOf(publicKey), privateKey, publicKey };

function walkSqlite(db: Db, verifier: AuditVerifier = signer) {
  const s = db.$client;
  const upToSeq = s.prepare('SELECT coalesce(max(seq), 0) FROM audit_events').pluck().get() as number;
  const checkpoints = s.prepare('SELECT seq, hash, time, key_id AS keyId, signature FROM audit_checkpoints ORDER BY seq').all() as CheckpointRow[];
  const walk = new ChainWalk(verifier, checkpoints, upToSeq);
  for (const r of s.prepare(`SELECT ${CHAIN_COLUMNS} FROM audit_events WHERE seq <= ? ORDER BY seq`).raw().iterate(walk.limit) as IterableIterator<ChainRow>)
    if (!walk.check(r)) break;
  // No witness here: verifyAuditLog without one answers `witness: null` (the witness is compared apart).
  return { ...walk.result(), witness: null };
}

function tamperedLog() {
  const db = openDatabase(':memory:');
  const log = new AuditLog(db, () => new Date('2026-12-02T10:00:00.000Z'), { signer, checkpointEvery: 10 });
  for (const input of auditInputs(35)) log.record(input);
  log.checkpoint();
  const sql: Sql = { all: async (q) => db.$client.prepare(q).all() as Record<string, unknown>[], exec: async (q) => void db.$client.exec(q) };
  return { db, sql };
}

describe('ChainWalk judges as verifyAuditLog', () => {
  it('passes an intact log and an empty one', async () => {
    const { db } = tamperedLog();
    expect(walkSqlite(db)).toEqual(await verifyAuditLog(db, signer));
    expect(walkSqlite(db)).toMatchObject({ ok: true, checked: 35, checkpoints: 4 });
    const empty = openDatabase(':memory:');
    expect(walkSqlite(empty)).toEqual(await verifyAuditLog(empty, signer));
  });

  for (const [name, tamper] of Object.entries(TAMPERS)) {
    it(`catches ${name}, naming the same entry`, async () => {
      const { db, sql } = tamperedLog();
      for (const q of DROP_TRIGGERS.sqlite) await sql.exec(q);
      await tamper(sql);
      const expected = await verifyAuditLog(db, signer);
      expect(expected.ok).toBe(false);
      expect(walkSqlite(db)).toEqual(expected);
    });
  }

  it('refuses checkpoints signed by another key', async () => {
    const { db } = tamperedLog();
    const other = generateKeyPairSync('ed25519').publicKey;
    const verifier = { keyId: keyIdOf(other), publicKey: other };
    const expected = await verifyAuditLog(db, verifier);
    expect(expected).toMatchObject({ ok: false, firstBad: 10 });
    expect(walkSqlite(db, verifier)).toEqual(expected);
  });
});
