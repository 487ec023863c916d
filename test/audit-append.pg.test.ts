import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/connection.ts';
import type { PgDb } from '../db/pg.ts';
import { AuditLog } from '../server/audit/log.ts';
import { keyIdOf } from '../server/audit/signing.ts';
import { verifyAuditLog } from '../server/audit/store/sqlite-verify.ts';
import { AuditWitness, readWitness } from '../server/audit/witness.ts';
import { PgAuditLog } from '../server/storage/pg/audit-append.ts';
import { verifyAuditLogPg } from '../server/storage/pg/audit-verify.ts';
import { auditInputs } from './helpers/audit-inputs.ts';
import { DROP_TRIGGERS, TAMPER_VERDICTS, TAMPERS, type Sql } from './helpers/audit-tampers.ts';
import { testDatabase, type TestDatabase } from './helpers/postgres.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const signer = { keyId: keyIdOf(publicKey), privateKey, publicKey };
const clock = () => new Date('2026-12-02T10:00:00.000Z');

const COLUMNS =
  'seq, time, request_id, actor_type, actor_id, actor_email, actor_role, ip, user_agent, action, target_type, target_id, customer_id, request, before, after, outcome, error, upstream_ref, prev_hash, hash';
const pgRows = async (db: PgDb, q: string) => (await db.$client.query(q)).rows as Record<string, unknown>[];

/**
 * The same 35 entries, clock and key on both engines: checkpoints at 10, 20, 30 and 35. With
 * `witnessDir`, each log has its witness there (sqlite.jsonl, postgres.jsonl), started as
 * server/bootstrap.ts starts one.
 */
async function bothLogs(db: PgDb, witnessDir?: string) {
  const lite = openDatabase(':memory:');
  const witness = (name: string) => (witnessDir ? new AuditWitness(join(witnessDir, name)) : null);
  const liteWitness = witness('sqlite.jsonl');
  const pgWitness = witness('postgres.jsonl');
  const liteLog = new AuditLog(lite, clock, { signer, checkpointEvery: 10, witness: liteWitness });
  const pgLog = new PgAuditLog(db, clock, { signer, checkpointEvery: 10, witness: pgWitness });
  liteWitness?.start(await liteLog.currentHead());
  pgWitness?.start(await pgLog.currentHead());
  for (const input of auditInputs(35)) {
    liteLog.record(input);
    await pgLog.record(input);
  }
  await liteLog.checkpoint();
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

  it('commits a burst in a few group commits, one open at a time, however many entries come at once', async () => {
    const db = await testDatabase();
    try {
      const log = new PgAuditLog(db.db, clock, { signer, checkpointEvery: 1000 });
      // More entries in one turn than one statement's 65,535 parameters can carry (21 a row).
      const burst = await Promise.all(auditInputs(3200, 'burst').map((input) => log.append(input)));
      const transactions = async () => (await pgRows(db.db, 'SELECT count(DISTINCT xmin::text)::int AS n FROM audit_events'))[0]!.n;
      expect(await transactions()).toBe(4);
      // Entries that come while a group commit is open wait for it and go together in the next,
      // rather than each turn's opening a transaction that queues at the lock.
      const later: Promise<{ seq: number }>[] = [];
      for (let turn = 0; turn < 5; turn++) {
        for (const input of auditInputs(10, `turn${turn}-`)) later.push(log.append(input));
        await new Promise((r) => setImmediate(r));
      }
      expect([...burst, ...(await Promise.all(later))].map((e) => e.seq)).toEqual(Array.from({ length: 3250 }, (_, i) => i + 1));
      expect(await transactions()).toBeLessThanOrEqual(4 + 3);
      expect(await verifyAuditLogPg(db.db, signer)).toMatchObject({ ok: true, checked: 3250 });
    } finally {
      await db.drop();
    }
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
        expect(expected).toMatchObject({ ok: false, ...TAMPER_VERDICTS[name as keyof typeof TAMPERS] });
        expect(await verifyAuditLogPg(db.db, signer, { batchSize: 7 })).toEqual(expected);
      } finally {
        await db.drop();
      }
    });
  }
});

/**
 * What only the witness catches (test/audit-witness.test.ts on SQLite): the log is tampered with
 * and its checkpoints deleted to match, so it verifies on its own; the witness still names the
 * head it reached.
 */
const WITNESS_TAMPERS: Record<string, { tamper: (db: Sql) => Promise<void>; firstBad: number; reason: RegExp }> = {
  "the last checkpoint's span cut off with its checkpoints": {
    tamper: async (db) => {
      await db.exec('DELETE FROM audit_events WHERE seq > 30');
      await db.exec('DELETE FROM audit_checkpoints WHERE seq > 30');
    },
    firstBad: 31,
    reason: /^entries 31 to 35 were cut off: the witness \(.*postgres\.jsonl\) names entry 35$/,
  },
  'a rewrite that recomputed the chain and deleted every checkpoint': {
    tamper: async (db) => {
      await TAMPERS['an edited entry whose hash and every later hash were recomputed'](db);
      await db.exec('DELETE FROM audit_checkpoints');
    },
    firstBad: 10,
    reason: /^entry 10 does not match the witness/,
  },
  'a witnessed checkpoint removed': {
    tamper: (db) => db.exec('DELETE FROM audit_checkpoints WHERE seq = 35'),
    firstBad: 35,
    reason: /checkpoint at seq 35, which the witness .* holds, was removed/,
  },
};

describe('the witness on PostgreSQL', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'subdesk-pg-witness-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('holds the checkpoints SQLite witnesses for the same input, line for line, and a verification says it used it', async () => {
    const db = await testDatabase();
    try {
      const { lite } = await bothLogs(db.db, dir);
      const lines = readFileSync(join(dir, 'postgres.jsonl'), 'utf8');
      expect(
        lines
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).seq),
      ).toEqual([10, 20, 30, 35]);
      expect(lines).toBe(readFileSync(join(dir, 'sqlite.jsonl'), 'utf8'));
      const witness = readWitness(join(dir, 'postgres.jsonl'));
      const expected = await verifyAuditLog(lite, signer, { witness });
      expect(expected).toMatchObject({ ok: true, witness: { records: 4, lastSeq: 35 } });
      expect(await verifyAuditLogPg(db.db, signer, { batchSize: 7, witness })).toEqual(expected);
    } finally {
      await db.drop();
    }
  });

  it('never names a checkpoint whose transaction rolled back', async () => {
    const db = await testDatabase();
    try {
      const witness = new AuditWitness(join(dir, 'rollback.jsonl'));
      const log = new PgAuditLog(db.db, clock, { signer, checkpointEvery: 10, witness });
      witness.start(await log.currentHead());
      const failing = log.inTransaction(async (tx) => {
        await log.appendAll(tx, auditInputs(12)); // the checkpoint at 10 is signed inside this transaction
        throw new Error('the caller fails after appending');
      });
      await expect(failing).rejects.toThrow('the caller fails');
      expect(readWitness(join(dir, 'rollback.jsonl')).records).toEqual([]);
      expect(await log.currentHead()).toBeUndefined();
      await expect(db.db.transaction((tx) => log.appendAll(tx, auditInputs(1)))).rejects.toThrow(/inside PgAuditLog.inTransaction/);
    } finally {
      await db.drop();
    }
  });

  for (const [name, { tamper, firstBad, reason }] of Object.entries(WITNESS_TAMPERS)) {
    it(`catches ${name}, as on SQLite`, async () => {
      const db = await testDatabase();
      try {
        const { lite, liteSql, pgSql } = await bothLogs(db.db, dir);
        for (const q of DROP_TRIGGERS.sqlite) await liteSql.exec(q);
        for (const q of DROP_TRIGGERS.postgres) await pgSql.exec(q);
        await tamper(liteSql);
        await tamper(pgSql);
        // The log alone cannot tell.
        expect(await verifyAuditLogPg(db.db, signer)).toMatchObject({ ok: true, witness: null });
        const witness = readWitness(join(dir, 'postgres.jsonl'));
        const expected = await verifyAuditLog(lite, signer, { witness });
        expect(expected).toMatchObject({ ok: false, firstBad, reason: expect.stringMatching(reason) });
        expect(await verifyAuditLogPg(db.db, signer, { batchSize: 7, witness })).toEqual(expected);
      } finally {
        await db.drop();
      }
    });
  }
});
