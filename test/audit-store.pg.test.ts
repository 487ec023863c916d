import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { keyIdOf } from '../server/audit/signing.ts';
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
