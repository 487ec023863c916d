import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { openDatabase } from '../db/connection.ts';
import type { PgDb } from '../db/pg.ts';
import { AuditLog } from '../server/audit/log.ts';
import { keyIdOf } from '../server/audit/signing.ts';
import { verifyAuditLog } from '../server/audit/verify.ts';
import { PgAuditLog } from '../server/storage/pg/audit-append.ts';
import { verifyAuditLogPg } from '../server/storage/pg/audit-verify.ts';
import { auditInputs } from './helpers/audit-inputs.ts';
import { DROP_TRIGGERS, TAMPERS, type Sql } from './helpers/audit-tampers.ts';
import { testDatabase, type TestDatabase } from './helpers/postgres.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signer = { keyId: keyIdOf(publicKey), privateKey, publicKey };
const clock = () => new Date('2026-12-02T10:00:00.000Z');

const COLUMNS =
  'seq, time, request_id, actor_type, actor_id, actor_email, actor_role, ip, user_agent, action, target_type, target_id, customer_id, request, before, after, outcome, error, upstream_ref, prev_hash, hash';
const pgRows = async (db: PgDb, q: string) => (await db.$client.query(q)).rows as Record<string, unknown>[];

/** The same 35 entries, clock and key on both engines: checkpoints at 10, 20, 30 and 35. */
async function bothLogs(db: PgDb) {
  const lite = openDatabase(':memory:');
  const liteLog = new AuditLog(lite, clock, { signer, checkpointEvery: 10 });
  const pgLog = new PgAuditLog(db, clock, { signer, checkpointEvery: 10 });
  for (const input of auditInputs(35)) {
    liteLog.record(input);
    await pgLog.record(input);
  }
  liteLog.checkpoint();
  await pgLog.checkpoint();
  const liteSql: Sql = { all: async (q) => lite.$client.prepare(q).all() as Record<string, unknown>[], exec: async (q) => void lite.$client.exec(q) };
  const pgSql: Sql = { all: (q) => pgRows(db, q), exec: async (q) => void (await db.$client.query(q)) };
  return { lite, liteSql, pgSql };
}

let t: TestDatabase;
beforeAll(async () => {
  t = await testDatabase();
});
afterAll(() => t.drop());

describe('the audit log on PostgreSQL', () => {
  it('holds the same chain as on SQLite, byte for byte, signed checkpoints included', async () => {
    const db = await testDatabase();
    try {
      const { lite, liteSql } = await bothLogs(db.db);
      expect(await pgRows(db.db, `SELECT ${COLUMNS} FROM audit_events ORDER BY seq`)).toEqual(
        await liteSql.all(`SELECT ${COLUMNS} FROM audit_events ORDER BY seq`),
      );
      const checkpoints = 'SELECT seq, hash, time, key_id, signature FROM audit_checkpoints ORDER BY seq';
      expect(await pgRows(db.db, checkpoints)).toEqual(await liteSql.all(checkpoints));
      expect(await pgRows(db.db, 'SELECT seq, request_id, action FROM audit_pending ORDER BY seq')).toEqual(
        await liteSql.all('SELECT seq, request_id, action FROM audit_pending ORDER BY seq'),
      );
      expect(await verifyAuditLogPg(db.db, signer, { batchSize: 7 })).toEqual(await verifyAuditLog(lite, signer));
    } finally {
      await db.drop();
    }
  });

  it('keeps one chain while two instances append at once, with no fork and every entry once', async () => {
    const a = new PgAuditLog(t.open({ max: 4, applicationName: 'instance a' }), () => new Date(), { signer, checkpointEvery: 25 });
    // Instance b's clock runs a minute behind: time still never goes back along the chain.
    const b = new PgAuditLog(t.open({ max: 4, applicationName: 'instance b' }), () => new Date(Date.now() - 60_000), { signer, checkpointEvery: 25 });
    const appended: Promise<unknown>[] = [];
    for (let round = 0; round < 10; round++) {
      // Each round: a burst per instance (one group commit each) and a few single records, all racing.
      for (const [log, name] of [
        [a, 'a'],
        [b, 'b'],
      ] as const) {
        for (const input of auditInputs(12, `${name}${round}-`)) appended.push(log.append(input));
        appended.push(log.record(auditInputs(1, `${name}${round}-solo-`)[0]!));
      }
      await new Promise((r) => setImmediate(r));
    }
    const entries = (await Promise.all(appended)) as { seq: number }[];
    expect(new Set(entries.map((e) => e.seq)).size).toBe(260);
    const { rows } = await t.db.$client.query('SELECT min(seq) AS lo, max(seq) AS hi, count(*) AS n, count(DISTINCT prev_hash) AS links FROM audit_events');
    expect(rows[0]).toEqual({ lo: 1, hi: 260, n: 260, links: 260 });
    expect(await verifyAuditLogPg(t.db, signer, { batchSize: 50 })).toMatchObject({ ok: true, checked: 260, checkpoints: 10 });
    // The pending list is as derived from the log: requested entries whose outcome never came.
    const pending = await pgRows(
      t.db,
      `SELECT r.seq FROM audit_events r WHERE r.outcome = 'requested' AND NOT EXISTS (
      SELECT 1 FROM audit_events o WHERE o.request_id = r.request_id AND o.action = r.action AND o.outcome IN ('succeeded', 'failed')) ORDER BY r.seq`,
    );
    expect(await pgRows(t.db, 'SELECT seq FROM audit_pending ORDER BY seq')).toEqual(pending);
  });

  for (const [name, tamper] of Object.entries(TAMPERS)) {
    it(`catches ${name}, as on SQLite`, async () => {
      const db = await testDatabase();
      try {
        const { lite, liteSql, pgSql } = await bothLogs(db.db);
        for (const q of DROP_TRIGGERS.sqlite) await liteSql.exec(q);
        for (const q of DROP_TRIGGERS.postgres) await pgSql.exec(q);
        await tamper(liteSql);
        await tamper(pgSql);
        const expected = await verifyAuditLog(lite, signer);
        expect(expected.ok).toBe(false);
        expect(await verifyAuditLogPg(db.db, signer, { batchSize: 7 })).toEqual(expected);
      } finally {
        await db.drop();
      }
    });
  }
});
