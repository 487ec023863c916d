import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { openDatabase, type Db } from '../db/connection.ts';
import { AuditLog } from '../server/audit/log.ts';
import { keyIdOf, type AuditVerifier } from '../server/audit/signing.ts';
import { CHAIN_COLUMNS, ChainWalk, type ChainRow, type CheckpointRow } from '../server/audit/chain-walk.ts';
import { auditInputs } from './helpers/audit-inputs.ts';
import { DROP_TRIGGERS, TAMPER_VERDICTS, TAMPERS, type Sql } from './helpers/audit-tampers.ts';

/**
 * ChainWalk is the one judgement of a verification, whichever engine the rows come from
 * (server/audit/store/sqlite-verify.ts on SQLite, server/storage/pg/audit-verify.ts on PostgreSQL). Here it
 * is fed the rows of a SQLite log directly, one query, no batches: every tamper case gets its
 * verdict, the one test/audit-append.pg.test.ts expects from PostgreSQL too.
 */
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signer = { keyId: keyIdOf(publicKey), privateKey, publicKey };

function walk(db: Db, verifier: AuditVerifier = signer) {
  const s = db.$client;
  const upToSeq = s.prepare('SELECT coalesce(max(seq), 0) FROM audit_events').pluck().get() as number;
  const checkpoints = s.prepare('SELECT seq, hash, time, key_id AS keyId, signature FROM audit_checkpoints ORDER BY seq').all() as CheckpointRow[];
  const chain = new ChainWalk(verifier, checkpoints, upToSeq);
  for (const r of s.prepare(`SELECT ${CHAIN_COLUMNS} FROM audit_events WHERE seq <= ? ORDER BY seq`).raw().iterate(chain.limit) as IterableIterator<ChainRow>)
    if (!chain.check(r)) break;
  return chain.result();
}

function loggedDb() {
  const db = openDatabase(':memory:');
  const log = new AuditLog(db, () => new Date('2026-12-02T10:00:00.000Z'), { signer, checkpointEvery: 10 });
  for (const input of auditInputs(35)) log.record(input);
  log.checkpoint();
  const sql: Sql = { all: async (q) => db.$client.prepare(q).all() as Record<string, unknown>[], exec: async (q) => void db.$client.exec(q) };
  return { db, sql };
}

describe('ChainWalk', () => {
  it('passes an intact log and an empty one', () => {
    expect(walk(loggedDb().db)).toEqual({
      ok: true,
      firstBad: null,
      checked: 35,
      upToSeq: 35,
      checkpoints: 4,
      witness: null,
      reason: 'all 35 entries and 4 signed checkpoints match',
    });
    expect(walk(openDatabase(':memory:'))).toMatchObject({ ok: true, checked: 0, reason: 'the log is empty' });
  });

  for (const [name, tamper] of Object.entries(TAMPERS)) {
    it(`catches ${name}, naming the first bad entry`, async () => {
      const { db, sql } = loggedDb();
      for (const q of DROP_TRIGGERS.sqlite) await sql.exec(q);
      await tamper(sql);
      expect(walk(db)).toMatchObject({ ok: false, ...TAMPER_VERDICTS[name as keyof typeof TAMPERS] });
    });
  }

  it('refuses checkpoints signed by another key', () => {
    const other = generateKeyPairSync('ed25519').publicKey;
    const verifier = { keyId: keyIdOf(other), publicKey: other };
    expect(walk(loggedDb().db, verifier)).toMatchObject({ ok: false, firstBad: 10, reason: expect.stringMatching(/names key .*, not the configured key/) });
  });
});
