import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/connection.ts';
import { AuditLog, hashedFields } from '../server/audit/log.ts';
import { canonicalJson, chainHash, entryCanonicalJson } from '../server/audit/canonical.ts';
import { loadOrCreateSigningKey, loadVerifier, type AuditVerifier } from '../server/audit/signing.ts';
import { verifyAuditLog } from '../server/audit/store/sqlite-verify.ts';
import { dropAppendOnlyTriggers, rechain } from './helpers/audit-tamper.ts';

let dir: string;
let db: Db;
let log: AuditLog;
let verifier: AuditVerifier;
const keyPath = () => join(dir, 'keys', 'nested', 'audit.pem');

function write(n: number) {
  for (let i = 0; i < n; i++) {
    log.record({
      requestId: `r${i}`,
      actor: { type: 'staff', id: String(i % 3), email: `s${i % 3}@example.com`, role: 'support' },
      ip: '127.0.0.1',
      action: i % 2 ? 'centra.subscription.status' : 'customer.view',
      outcome: i % 4 === 3 ? 'failed' : 'succeeded',
      target: { type: 'customer', id: `c${i}` },
      customerId: `c${i}`,
      before: { status: 'active', n: i },
      after: { status: 'paused', n: i },
    });
  }
}

/** What an attacker with write access to the file does first. */
const dropTriggers = () => dropAppendOnlyTriggers(db.$client);

const verify = (v: AuditVerifier = verifier) => verifyAuditLog(db, v, { batchSize: 7 });

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'subdesk-audit-'));
  db = openDatabase(join(dir, 'subdesk.db'));
  log = new AuditLog(db, () => new Date(), { signer: loadOrCreateSigningKey(keyPath()), checkpointEvery: 10 });
  verifier = loadVerifier(keyPath());
  write(35);
  await log.checkpoint(); // as at shutdown: the head (35) is signed too
});

afterEach(() => {
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('signing key', () => {
  it('is generated on first start with mode 0600 in a created directory, and reused afterwards', () => {
    expect(existsSync(keyPath())).toBe(true);
    expect(statSync(keyPath()).mode & 0o777).toBe(0o600);
    const again = loadOrCreateSigningKey(keyPath());
    expect(again.keyId).toBe(verifier.keyId);
    expect(verifier.keyId).toMatch(/^ed25519:[0-9a-f]{32}$/);
  });

  it('is never created by verification', () => {
    expect(() => loadVerifier(join(dir, 'missing.pem'))).toThrow(/missing/);
    expect(existsSync(join(dir, 'missing.pem'))).toBe(false);
  });
});

describe('the chain and its checkpoints', () => {
  it('hashes the same bytes as canonicalJson (the fast form is pinned to the reference)', () => {
    const e = db.$client.prepare('SELECT * FROM audit_events WHERE seq = 4').get() as Record<string, unknown>;
    const entry = log.record({
      requestId: 'x',
      actor: { type: 'anonymous', email: 'a"b@example.com' },
      action: 'auth.login.failed',
      outcome: 'denied',
      request: { note: 'ünïcode \u2028 "quoted"' },
    });
    expect(entryCanonicalJson(entry)).toBe(canonicalJson(hashedFields(entry)));
    expect(chainHash(entry.prevHash, canonicalJson(hashedFields(entry)))).toBe(entry.hash);
    expect(e.seq).toBe(4);
  });

  it('writes a signed checkpoint every N entries and at shutdown', async () => {
    const seqs = db.$client.prepare('SELECT seq FROM audit_checkpoints ORDER BY seq').pluck().all();
    expect(seqs).toEqual([10, 20, 30, 35]);
    expect(await log.checkpoint()).toBe(35); // nothing new: no duplicate
    expect(db.$client.prepare('SELECT count(*) FROM audit_checkpoints').pluck().get()).toBe(4);
  });

  it('verifies an intact log', async () => {
    expect(await verify()).toMatchObject({ ok: true, checked: 35, firstBad: null });
  });

  it('keeps time monotonic along the chain even when the clock steps back', async () => {
    const back = new AuditLog(db, () => new Date('2001-01-01T00:00:00Z'));
    const e = back.record({ requestId: 'late', actor: { type: 'system' }, action: 'test.clock', outcome: 'succeeded' });
    expect(e.time > '2020').toBe(true);
    expect((await verify()).ok).toBe(true);
  });
});

describe('tampering is caught even with the triggers dropped', () => {
  beforeEach(() => dropTriggers());

  it('an edited entry', async () => {
    db.$client.prepare('UPDATE audit_events SET after = \'{"status":"active"}\' WHERE seq = 5').run();
    expect(await verify()).toMatchObject({ ok: false, firstBad: 5, checked: 4 });
  });

  it('an edited entry whose hash and every later hash were recomputed', async () => {
    db.$client.prepare("UPDATE audit_events SET actor_email = 'someone-else@example.com' WHERE seq = 5").run();
    rechain(db.$client, 5);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstBad).toBe(10); // the first signed checkpoint after the rewrite
    expect(result.reason).toMatch(/checkpoint/);
  });

  it('a deleted entry', async () => {
    db.$client.prepare('DELETE FROM audit_events WHERE seq = 7').run();
    expect(await verify()).toMatchObject({ ok: false, firstBad: 7, reason: 'entry 7 is missing' });
  });

  it('two entries swapped', async () => {
    const cols =
      'time, request_id, actor_type, actor_id, actor_email, actor_role, ip, user_agent, action, target_type, target_id, customer_id, request, before, after, outcome, error, upstream_ref, prev_hash, hash';
    const a = db.$client.prepare(`SELECT ${cols} FROM audit_events WHERE seq = 12`).raw().get() as unknown[];
    const b = db.$client.prepare(`SELECT ${cols} FROM audit_events WHERE seq = 13`).raw().get() as unknown[];
    const set = cols
      .split(', ')
      .map((c) => `${c} = ?`)
      .join(', ');
    db.$client.prepare(`UPDATE audit_events SET ${set} WHERE seq = 12`).run(...b);
    db.$client.prepare(`UPDATE audit_events SET ${set} WHERE seq = 13`).run(...a);
    expect(await verify()).toMatchObject({ ok: false, firstBad: 12 });
  });

  it('entries cut off the end after a checkpoint', async () => {
    db.$client.prepare('DELETE FROM audit_events WHERE seq > 30').run();
    const result = await verify();
    expect(result).toMatchObject({ ok: false, firstBad: 31 });
    expect(result.reason).toMatch(/cut off/);
  });

  it('an edited checkpoint', async () => {
    db.$client.prepare('UPDATE audit_checkpoints SET hash = (SELECT hash FROM audit_events WHERE seq = 19), seq = 19 WHERE seq = 20').run();
    const result = await verify();
    expect(result).toMatchObject({ ok: false, firstBad: 19 });
    expect(result.reason).toMatch(/signature/);
  });

  it('a checkpoint removed from the middle', async () => {
    db.$client.prepare('DELETE FROM audit_checkpoints WHERE seq = 20').run();
    expect(await verify()).toMatchObject({ ok: false, firstBad: 30 });
  });

  it('checkpoints signed by another key', async () => {
    const other = loadOrCreateSigningKey(join(dir, 'other.pem'));
    const result = await verify({ keyId: other.keyId, publicKey: other.publicKey });
    expect(result).toMatchObject({ ok: false, firstBad: 10 });
    expect(result.reason).toMatch(/key/);
  });

  it('a checkpoint re-signed with another key under our key id', async () => {
    const other = loadOrCreateSigningKey(join(dir, 'other.pem'));
    const forger = new AuditLog(db, () => new Date(), { signer: { ...other, keyId: verifier.keyId }, checkpointEvery: 1_000_000 });
    db.$client.prepare('DELETE FROM audit_checkpoints WHERE seq = 35').run();
    await forger.checkpoint();
    expect(await verify()).toMatchObject({ ok: false, firstBad: 35 });
  });
});
