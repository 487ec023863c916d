import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../../../server/audit/log.ts';
import { loadOrCreateSigningKey } from '../../../server/audit/signing.ts';
import { createAuditStore, type AuditStore } from '../../../server/audit/store/index.ts';
import { verifyConfigured } from '../../../server/audit/verify.ts';
import { AuditWitness } from '../../../server/audit/witness.ts';
import type { PostgresEngine, SqliteEngine } from '../../../server/storage/engine.ts';
import { PgAuditLog } from '../../../server/storage/pg/audit-append.ts';
import { auditInputs } from '../audit-inputs.ts';
import { DROP_TRIGGERS, TAMPER_VERDICTS, TAMPERS, type Sql } from '../audit-tampers.ts';
import type { EngineMaker } from '../engines.ts';

type AnyEngine = SqliteEngine | PostgresEngine;

/** Raw SQL on either engine, for what someone with write access to the database does. */
export function sqlOf(engine: AnyEngine): Sql {
  if (engine.kind === 'sqlite') {
    const sqlite = engine.db.$client;
    return { all: async (q) => sqlite.prepare(q).all() as Record<string, unknown>[], exec: async (q) => void sqlite.exec(q) };
  }
  return { all: async (q) => (await engine.db.$client.query(q)).rows, exec: async (q) => void (await engine.db.$client.query(q)) };
}

/** The engine's audit log signing with `keyPath` and witnessed in `witnessPath`, as server/bootstrap.ts builds it. */
async function signedLog(engine: AnyEngine, keyPath: string, witnessPath: string, clock: () => Date) {
  const witness = new AuditWitness(witnessPath);
  const options = { signer: loadOrCreateSigningKey(keyPath), checkpointEvery: 10, witness };
  const log = engine.kind === 'sqlite' ? new AuditLog(engine.db, clock, options) : new PgAuditLog(engine.db, clock, options);
  witness.start(await log.currentHead());
  return log;
}

const collect = async (batches: AsyncIterable<Awaited<ReturnType<AuditStore['listPage']>>['rows']>) => {
  const sizes: number[] = [];
  const seqs: number[] = [];
  for await (const batch of batches) {
    sizes.push(batch.length);
    seqs.push(...batch.map((r) => r.seq));
  }
  return { sizes, seqs };
};

/**
 * The audit store's behaviour (server/audit/store/), the same on every engine: run by
 * test/audit-store.test.ts on SQLite and test/audit-store.pg.test.ts on PostgreSQL. `engineWith`
 * builds a fresh engine whose audit log reads the given clock.
 */
export function auditStoreContract(engineWith: (clock: () => Date) => EngineMaker) {
  let now: number;
  const clock = () => new Date(now);
  let engine: AnyEngine;
  let close: () => Promise<void>;
  let store: AuditStore;
  let dir: string;

  beforeEach(async () => {
    now = Date.parse('2026-11-30T22:00:00.000Z');
    ({ engine, close } = await engineWith(clock)());
    store = createAuditStore(engine);
    dir = mkdtempSync(join(tmpdir(), 'subdesk-audit-store-'));
  });
  afterEach(async () => {
    await close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** `count` entries, the clock moving `stepMs` after each (with no step, in one transaction). */
  async function append(count: number, stepMs = 0, prefix = 'r') {
    if (!stepMs) {
      await engine.audit.appendBatch(auditInputs(count, prefix));
      return;
    }
    for (const input of auditInputs(count, prefix)) {
      await engine.audit.append(input);
      now += stepMs;
    }
  }

  describe('reading entries', () => {
    it('answers the head, one entry by seq, and nothing for an empty log', async () => {
      expect(await store.lastSeq()).toBe(0);
      expect(await store.entryBySeq(1)).toBeUndefined();
      expect(await store.listPage({}, 'DESC', 0, 25)).toEqual({ rows: [], total: 0, totalIsExact: true });
      await append(12);
      expect(await store.lastSeq()).toBe(12);
      const entry = await store.entryBySeq(4);
      expect(entry).toMatchObject({ seq: 4, request_id: 'r1', actor_type: 'anonymous', action: 'centra.subscription.status', outcome: 'succeeded' });
      expect(JSON.parse(entry!.request!)).toMatchObject({ password: '[redacted]' });
      expect(entry!.time).toBe('2026-11-30T22:00:00.000Z');
      expect(await store.entryBySeq(13)).toBeUndefined();
    });

    it('pages in either order, with the exact total filtered or not', async () => {
      await append(30);
      const newest = await store.listPage({}, 'DESC', 0, 5);
      expect(newest.rows.map((r) => r.seq)).toEqual([30, 29, 28, 27, 26]);
      expect(newest).toMatchObject({ total: 30, totalIsExact: true });
      const oldest = await store.listPage({}, 'ASC', 5, 3);
      expect(oldest.rows.map((r) => r.seq)).toEqual([6, 7, 8]);
      // customer.view is every 7th input: seqs 1, 8, 15, 22, 29.
      const views = await store.listPage({ action: 'customer.view' }, 'ASC', 1, 2);
      expect(views.rows.map((r) => r.seq)).toEqual([8, 15]);
      expect(views).toMatchObject({ total: 5, totalIsExact: true });
    });

    it('filters by every field the auditors use, alone and together', async () => {
      await append(30);
      const seqs = async (filter: Parameters<AuditStore['listPage']>[0], matches?: { customerIds: string[] }) =>
        (await store.listPage(filter, 'ASC', 0, 100, matches)).rows.map((r) => r.seq);
      expect(await seqs({ id: [3, 17, 99] })).toEqual([3, 17]);
      expect(await seqs({ actorId: '7', outcome: 'requested' })).toEqual([1, 5, 9, 13, 17, 21, 25, 29]);
      expect(await seqs({ actorEmail: 'AGENT@example.com', action: 'customer.view' })).toEqual([1, 29]);
      expect(await seqs({ action: 'centra.*', outcome: ['failed', 'denied'] })).toEqual([6, 12, 18, 24, 30]);
      expect(await seqs({ customerId: 'cus_3', targetType: 'subscription' })).toEqual([4, 15, 26]);
      expect(await seqs({ targetId: '9005' })).toEqual([6]);
      expect(await seqs({ requestId: 'r2' })).toEqual([5, 6]);
      expect(await seqs({ q: '12' })).toEqual([12]);
      expect(await seqs({ q: 'r14' })).toEqual([29, 30]);
      // A person's name: the customers the index found for it.
      expect(await seqs({ q: 'Zoë Ångström' }, { customerIds: ['cus_0', 'cus_10'] })).toEqual([1, 11, 12, 22, 23]);
      expect(await seqs({ q: 'nobody' })).toEqual([]);
    });

    it('turns a time range into a seq range, bare dates covering their whole day', async () => {
      await append(30, 3_600_000); // one an hour from 22:00 on the 30th
      const page = async (filter: Parameters<AuditStore['listPage']>[0]) => {
        const p = await store.listPage(filter, 'ASC', 0, 100);
        return { first: p.rows[0]?.seq, last: p.rows.at(-1)?.seq, total: p.total };
      };
      expect(await page({ time_gte: '2026-12-01' })).toEqual({ first: 3, last: 30, total: 28 });
      expect(await page({ time_lte: '2026-11-30' })).toEqual({ first: 1, last: 2, total: 2 });
      // 06:00 is the 9th entry's hour, 08:00 the 11th's.
      expect(await page({ time_gte: '2026-12-01T05:30:00Z', time_lte: '2026-12-01T08:00:00.000Z' })).toEqual({ first: 9, last: 11, total: 3 });
      expect(await page({ time_gte: '2026-12-01', actorId: '7' })).toMatchObject({ first: 5, last: 29, total: 7 });
      expect(await page({ time_gte: '2027-01-01' })).toEqual({ first: undefined, last: undefined, total: 0 });
      expect(await page({ time_lte: '2026-01-01' })).toEqual({ first: undefined, last: undefined, total: 0 });
    });

    it('lists what still waits for its outcome, and finds an entry about a target', async () => {
      // Requested/outcome pairs, but r0's request is a customer.view and its outcome another action: r0 waits.
      await append(6);
      await engine.audit.append({ requestId: 'crashed', actor: { type: 'system' }, action: 'centra.subscription.status', outcome: 'requested' });
      expect((await store.pendingEntries()).map((r) => [r.seq, r.request_id, r.action])).toEqual([
        [1, 'r0', 'customer.view'],
        [7, 'crashed', 'centra.subscription.status'],
      ]);
      expect((await store.listPage({ pending: true }, 'DESC', 0, 25)).rows.map((r) => r.seq)).toEqual([7, 1]);
      expect(await store.hasEntryAbout({ type: 'subscription', id: '9001' }, 'centra.subscription.status')).toBe(true);
      expect(await store.hasEntryAbout({ type: 'subscription', id: '9001' }, 'customer.view')).toBe(false);
      expect(await store.hasEntryAbout({ type: 'subscription', id: '1' }, 'centra.subscription.status')).toBe(false);
    });

    it('counts entries per outcome in a time range', async () => {
      await append(12, 3_600_000);
      const counts = async (from: string, to: string) =>
        Object.fromEntries((await store.outcomeCounts(from, to)).map((c) => [c.outcome, c.n]).sort(([a], [b]) => String(a).localeCompare(String(b))));
      expect(await counts('2026-11-30T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toEqual({ requested: 1, succeeded: 1 });
      expect(await counts('2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z')).toEqual({ requested: 5, succeeded: 3, failed: 2 });
      expect(await store.outcomeCounts('2026-12-05T00:00:00.000Z', '2026-12-06T00:00:00.000Z')).toEqual([]);
    });

    it('counts the Centra subscriptions cancelled through subdesk in a time range (the plans chart)', async () => {
      const status = (requestId: string, outcome: 'requested' | 'succeeded' | 'failed', to: string) =>
        engine.audit.append({
          requestId,
          actor: { type: 'system' },
          action: 'centra.subscription.status',
          outcome,
          target: { type: 'centra-subscription', id: requestId },
          after: outcome === 'succeeded' ? { status: to } : undefined,
        });
      await status('c1', 'succeeded', 'cancelled');
      await status('c2', 'succeeded', 'paused');
      await status('c3', 'failed', 'cancelled');
      now += 86_400_000;
      await status('c4', 'succeeded', 'cancelled');
      expect(await store.centraCancellations('2026-11-30T00:00:00.000Z', '2026-12-01T00:00:00.000Z')).toBe(1);
      expect(await store.centraCancellations('2026-11-30T00:00:00.000Z', '2026-12-02T00:00:00.000Z')).toBe(2);
      expect(await store.centraCancellations('2026-12-02T00:00:00.000Z', '2026-12-03T00:00:00.000Z')).toBe(0);
    });
  });

  describe('export', () => {
    it('streams the matches in seq order in small batches, up to the head it started from', async () => {
      await append(600);
      const upTo = await store.lastSeq();
      const batches = store.exportBatches({}, upTo);
      await append(3, 0, 'later'); // appended after the export started: the next export's
      const all = await collect(batches);
      expect(all.seqs).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
      expect(Math.max(...all.sizes)).toBeLessThanOrEqual(250);
      const filtered = await collect(store.exportBatches({ action: 'customer.view', time_gte: '2026-11-30' }, 600));
      // customer.view is every 7th input: 1, 8, ... 596.
      expect(filtered.seqs).toEqual(Array.from({ length: 86 }, (_, i) => 1 + 7 * i));
      expect(await collect(store.exportBatches({ q: 'cus_5' }, 20, { customerIds: ['cus_5'] }))).toEqual({ sizes: [2], seqs: [6, 17] });
      expect(await collect(store.exportBatches({ time_gte: '2030-01-01' }, 600))).toEqual({ sizes: [], seqs: [] });
    });
  });

  describe('verification with the configured key and witness', () => {
    const config = () => ({ auditSigningKeyPath: join(dir, 'key.pem'), auditWitnessPath: join(dir, 'witness.jsonl'), AUDIT_WITNESS_SYSLOG: null });

    /** 35 entries with checkpoints at 10, 20, 30 and 35 (the shutdown's), witnessed. */
    async function signed35() {
      const log = await signedLog(engine, config().auditSigningKeyPath, config().auditWitnessPath, clock);
      for (const input of auditInputs(35)) await log.append(input);
      await log.checkpoint();
    }

    it('passes an intact log, saying it compared the witness', async () => {
      await signed35();
      expect(await verifyConfigured(store, config())).toMatchObject({
        ok: true,
        checked: 35,
        upToSeq: 35,
        checkpoints: 4,
        witness: { records: 4, lastSeq: 35 },
      });
    });

    it('fails, never creates a key, when the key is missing', async () => {
      await signed35();
      const result = await verifyConfigured(store, { ...config(), auditSigningKeyPath: join(dir, 'missing.pem') });
      expect(result).toMatchObject({ ok: false, checked: 0 });
    });

    it('catches a cut tail whose checkpoints went with it, which only the witness names', async () => {
      await signed35();
      const sql = sqlOf(engine);
      for (const q of DROP_TRIGGERS[engine.kind]) await sql.exec(q);
      await sql.exec('DELETE FROM audit_events WHERE seq > 30');
      await sql.exec('DELETE FROM audit_checkpoints WHERE seq > 30');
      expect(await verifyConfigured(store, config())).toMatchObject({ ok: false, firstBad: 31, reason: expect.stringMatching(/witness .* names entry 35$/) });
    });

    for (const [name, tamper] of Object.entries(TAMPERS)) {
      it(`catches ${name}`, async () => {
        await signed35();
        const sql = sqlOf(engine);
        for (const q of DROP_TRIGGERS[engine.kind]) await sql.exec(q);
        await tamper(sql);
        expect(await verifyConfigured(store, config())).toMatchObject({
          ok: false,
          ...TAMPER_VERDICTS[name as keyof typeof TAMPERS],
          witness: { records: 4, lastSeq: 35 },
        });
      });
    }
  });
}
