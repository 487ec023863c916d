import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { openDatabase } from '../db/connection.ts';
import { AuditLog, type AuditEntry } from '../server/audit/log.ts';
import { checkpointBody, nextEntry, type ChainHead } from '../server/audit/entry.ts';
import { checkpointSignatureValid, keyIdOf } from '../server/audit/signing.ts';
import { auditInputs } from './helpers/audit-inputs.ts';

/**
 * server/audit/entry.ts is what the PostgreSQL appender hashes. It must make, byte for byte, the
 * entries the SQLite log makes: a difference would be a chain that verifies on one engine only.
 */
describe('the engine-neutral audit entry', () => {
  it('is the entry AuditLog writes, for every kind of input, with the clock going back and forth', () => {
    const db = openDatabase(':memory:');
    const times = ['2026-12-02T10:00:00.000Z', '2026-12-02T09:59:59.000Z', '2026-12-02T10:00:01.500Z'];
    let tick = 0;
    const log = new AuditLog(db, () => new Date(times[tick++ % times.length]!));
    let head: ChainHead | undefined;
    tick = 0;
    const inputs = auditInputs(40);
    const written: AuditEntry[] = inputs.map((input) => log.record(input));
    const expected = inputs.map((input, i) => {
      const entry = nextEntry(input, head, times[i % times.length]!);
      head = entry;
      return entry;
    });
    expect(expected).toEqual(written);
    expect(db.$client.prepare('SELECT * FROM audit_events ORDER BY seq').all()).toHaveLength(40);
  });

  it('signs checkpoints over the body AuditLog signs', () => {
    const db = openDatabase(':memory:');
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const signer = { keyId: keyIdOf(publicKey), privateKey, publicKey };
    const log = new AuditLog(db, () => new Date('2026-12-02T10:00:00.000Z'), { signer, checkpointEvery: 3 });
    for (const input of auditInputs(7)) log.record(input);
    const checkpoints = db.$client.prepare('SELECT seq, hash, time, signature FROM audit_checkpoints ORDER BY seq').all() as {
      seq: number;
      hash: string;
      time: string;
      signature: string;
    }[];
    expect(checkpoints.map((c) => c.seq)).toEqual([3, 6]);
    let prevSeq = 0;
    for (const c of checkpoints) {
      expect(checkpointSignatureValid(signer, checkpointBody(signer, c, prevSeq, c.time), c.signature)).toBe(true);
      prevSeq = c.seq;
    }
  });
});
