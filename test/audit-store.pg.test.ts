import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keyIdOf, loadOrCreateSigningKey } from '../server/audit/signing.ts';
import { AuditWitness } from '../server/audit/witness.ts';
import { DROP_TRIGGERS } from './helpers/audit-tampers.ts';
import { createAuditStore } from '../server/audit/store/index.ts';
import type { PostgresEngine } from '../server/storage/engine.ts';
import { PgAuditLog } from '../server/storage/pg/audit-append.ts';
import { auditInputs } from './helpers/audit-inputs.ts';
import { auditStoreContract } from './helpers/contracts/audit.ts';
import { postgresEngine } from './helpers/engines.ts';
import { testDatabase, type TestDatabase } from './helpers/postgres.ts';

describe('the audit store on PostgreSQL', () => {
  auditStoreContract((clock) => postgresEngine(() => testDatabase(), clock));
});

describe('two instances on one database', () => {
  let t: TestDatabase;
  let a: PostgresEngine;
  let b: PostgresEngine;
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const signer = { keyId: keyIdOf(publicKey), privateKey, publicKey };
  beforeAll(async () => {
    t = await testDatabase();
    const second = t.open({ applicationName: 'instance b' });
    // One key file given to every instance: each signs checkpoints of the one chain.
    a = { kind: 'postgres', db: t.db, audit: new PgAuditLog(t.db, () => new Date(), { signer, checkpointEvery: 25 }) };
    b = { kind: 'postgres', db: second, audit: new PgAuditLog(second, () => new Date(), { signer, checkpointEvery: 25 }) };
  });
  afterAll(() => t.drop());

  it("each reads the other's entries at once: the head, a page, an export and a verification", async () => {
    const storeA = createAuditStore(a);
    const storeB = createAuditStore(b);
    await Promise.all([...auditInputs(40, 'a').map((input) => a.audit.append(input)), ...auditInputs(40, 'b').map((input) => b.audit.append(input))]);
    expect(await storeA.lastSeq()).toBe(80);
    expect(await storeB.lastSeq()).toBe(80);
    expect((await storeB.listPage({ requestId: 'a3' }, 'ASC', 0, 10)).rows.map((r) => r.request_id)).toEqual(['a3', 'a3']);
    expect((await storeA.listPage({ requestId: 'b3' }, 'ASC', 0, 10)).total).toBe(2);
    const exported: number[] = [];
    for await (const batch of storeB.exportBatches({}, 80)) exported.push(...batch.map((r) => r.seq));
    expect(exported).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    // The chain and the checkpoints both instances signed, with no fork between them.
    expect(await storeB.verify(signer)).toMatchObject({ ok: true, checked: 80, checkpoints: 3 });
  });

  it('counts a pending action the other instance settled as settled', async () => {
    const storeB = createAuditStore(b);
    const input = { requestId: 'across', actor: { type: 'system' as const }, action: 'centra.subscription.status' };
    await a.audit.append({ ...input, outcome: 'requested' });
    expect((await storeB.pendingEntries()).map((r) => r.request_id)).toContain('across');
    await b.audit.append({ ...input, outcome: 'succeeded' });
    expect((await createAuditStore(a).pendingEntries()).map((r) => r.request_id)).not.toContain('across');
  });
});

describe('npm run audit on DATABASE_URL', () => {
  it('verifies against the key and the witness (exit 1 naming the cut), and exports, each an entry of its own', async () => {
    const t = await testDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'subdesk-audit-cli-'));
    try {
      const env = {
        ...process.env,
        DATABASE_URL: t.url,
        AUDIT_SIGNING_KEY_PATH: join(dir, 'key.pem'),
        AUDIT_WITNESS_PATH: join(dir, 'witness.jsonl'),
        LOG_LEVEL: 'silent',
      };
      const witness = new AuditWitness(env.AUDIT_WITNESS_PATH);
      const log = new PgAuditLog(t.db, () => new Date(), { signer: loadOrCreateSigningKey(env.AUDIT_SIGNING_KEY_PATH), checkpointEvery: 10, witness });
      witness.start(await log.currentHead());
      for (const input of auditInputs(35)) await log.append(input);
      await log.checkpoint();
      const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/audit.ts', ...args], { env, encoding: 'utf8' });

      const intact = cli('verify');
      expect(intact.status, intact.stderr).toBe(0);
      expect(JSON.parse(intact.stdout)).toMatchObject({ ok: true, checked: 35, witness: { lastSeq: 35 } });

      const exported = cli('export', '--format', 'json', '--filter', '{"requestId":"r3"}');
      expect(exported.status, exported.stderr).toBe(0);
      expect((JSON.parse(exported.stdout) as Array<{ seq: number }>).map((e) => e.seq)).toEqual([7, 8]);

      for (const q of DROP_TRIGGERS.postgres) await t.db.$client.query(q);
      await t.db.$client.query('DELETE FROM audit_events WHERE seq > 30');
      await t.db.$client.query('DELETE FROM audit_checkpoints WHERE seq > 30');
      const cut = cli('verify');
      expect(cut.status, cut.stderr).toBe(1);
      expect(JSON.parse(cut.stdout)).toMatchObject({ ok: false, firstBad: 31, reason: expect.stringMatching(/witness .* names entry 35$/) });

      const { rows } = await t.db.$client.query("SELECT action, request FROM audit_events WHERE actor_type = 'system' AND seq > 30 ORDER BY seq");
      expect(rows.map((r) => [r.action, JSON.parse(r.request).via])).toEqual([['audit.verify', 'cli']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await t.drop();
    }
    // Three runs of the CLI, each a Node process starting tsx: seconds each on a busy machine.
  }, 120_000);
});
