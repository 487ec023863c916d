import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFileSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { durableTransaction, openDatabase, type Db } from '../db/connection.ts';
import { AuditLog } from '../server/audit/log.ts';
import { loadOrCreateSigningKey, loadVerifier } from '../server/audit/signing.ts';
import { verifyAuditLog } from '../server/audit/store/sqlite-verify.ts';
import { AuditWitness, readWitness } from '../server/audit/witness.ts';
import { parseSyslogUrl, syslogMessage } from '../server/audit/syslog.ts';
import { dropAppendOnlyTriggers, rechain } from './helpers/audit-tamper.ts';

/**
 * The witness outside the database catches what the log cannot catch on its own: a cut tail
 * whose checkpoints were deleted with it, and a whole rewrite with every checkpoint deleted.
 * Each case runs on a copy of the database with the append-only triggers dropped, as someone
 * with write access to the file would; the witness file is left as it was.
 */
let dir: string;
let db: Db;
let log: AuditLog;
let witness: AuditWitness;
const file = (name: string) => join(dir, name);

function write(n: number) {
  for (let i = 0; i < n; i++) {
    log.record({
      requestId: `r${i}`,
      actor: { type: 'staff', id: '1', email: 's@example.com', role: 'support' },
      action: 'customer.view',
      outcome: 'succeeded',
      target: { type: 'customer', id: `c${i}` },
      customerId: `c${i}`,
    });
  }
}

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'subdesk-witness-'));
  db = openDatabase(file('subdesk.db'));
  witness = new AuditWitness(file('audit-witness.jsonl'));
  log = new AuditLog(db, () => new Date(), { signer: loadOrCreateSigningKey(file('key.pem')), checkpointEvery: 10, witness });
  witness.start(await log.currentHead());
  write(35);
  await log.checkpoint(); // shutdown: the head (35) signed and witnessed
});
afterEach(() => {
  if (db.$client.open) db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A copy of the database as it is now (the writer's WAL checkpointed into it), triggers dropped, tampered with. */
function tamperedCopy(tamper: (sqlite: Db['$client']) => void): Db {
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  copyFileSync(file('subdesk.db'), file('copy.db'));
  const copy = openDatabase(file('copy.db'), { migrate: false });
  dropAppendOnlyTriggers(copy.$client);
  tamper(copy.$client);
  return copy;
}

const verifyBoth = async (copy: Db) => {
  const verifier = loadVerifier(file('key.pem'));
  const alone = await verifyAuditLog(copy, verifier);
  const withWitness = await verifyAuditLog(copy, verifier, { witness: readWitness(file('audit-witness.jsonl')) });
  copy.$client.close();
  return { alone, withWitness };
};

describe('the witness file', () => {
  it('holds every checkpoint and the head at shutdown, one JSON line each, mode 0600', () => {
    const records = readWitness(file('audit-witness.jsonl')).records;
    expect(records.map((r) => [r.kind, r.seq])).toEqual([
      ['checkpoint', 10],
      ['checkpoint', 20],
      ['checkpoint', 30],
      ['checkpoint', 35],
    ]);
    const stored = db.$client.prepare('SELECT seq, hash, signature FROM audit_checkpoints ORDER BY seq').all();
    expect(records.map((r) => ({ seq: r.seq, hash: r.hash, signature: r.signature }))).toEqual(stored);
    expect(statSync(file('audit-witness.jsonl')).mode & 0o777).toBe(0o600);
  });

  it('only appends: a restart adds to it and leaves what is there', async () => {
    const before = readFileSync(file('audit-witness.jsonl'), 'utf8');
    const again = new AuditWitness(file('audit-witness.jsonl'));
    again.start(await log.currentHead());
    const log2 = new AuditLog(db, () => new Date(), { signer: loadOrCreateSigningKey(file('key.pem')), checkpointEvery: 10, witness: again });
    log2.record({ requestId: 'later', actor: { type: 'system' }, action: 'system.note', outcome: 'succeeded' });
    await log2.checkpoint();
    const after = readFileSync(file('audit-witness.jsonl'), 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(
      after
        .slice(before.length)
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).seq),
    ).toEqual([36]);
  });

  it('starts with the head of a log that existed before it', async () => {
    rmSync(file('audit-witness.jsonl'));
    const fresh = new AuditWitness(file('audit-witness.jsonl'));
    fresh.start(await log.currentHead());
    expect(readWitness(file('audit-witness.jsonl')).records).toEqual([
      expect.objectContaining({ kind: 'start', seq: 35, hash: (await log.currentHead())!.hash }),
    ]);
  });

  it('never names a checkpoint whose transaction rolled back', async () => {
    const before = readWitness(file('audit-witness.jsonl')).records.length;
    expect(() =>
      durableTransaction(db, () => {
        write(5); // 36..40: the checkpoint at 40 is written inside this transaction
        throw new Error('the caller fails after appending');
      }),
    ).toThrow('the caller fails');
    await new Promise((r) => setImmediate(r));
    expect(readWitness(file('audit-witness.jsonl')).records.length).toBe(before);
    expect((await log.currentHead())!.seq).toBe(35);
  });
});

describe('verification against the witness', () => {
  it('passes an intact log and says which witness it used', async () => {
    const { withWitness } = await verifyBoth(tamperedCopy(() => {}));
    expect(withWitness).toMatchObject({ ok: true, firstBad: null, witness: { path: file('audit-witness.jsonl'), records: 4, lastSeq: 35 } });
  });

  it('catches the last entry deleted (with the shutdown checkpoint that named it)', async () => {
    const { alone, withWitness } = await verifyBoth(
      tamperedCopy((s) => {
        s.exec('DELETE FROM audit_events WHERE seq = 35; DELETE FROM audit_checkpoints WHERE seq = 35');
      }),
    );
    expect(alone.ok).toBe(true); // the log alone cannot tell
    expect(withWitness).toMatchObject({ ok: false, firstBad: 35 });
    expect(withWitness.reason).toMatch(/entry 35 was cut off: the witness .* names entry 35/);
  });

  it("catches the last checkpoint's span deleted", async () => {
    const { alone, withWitness } = await verifyBoth(
      tamperedCopy((s) => {
        s.exec('DELETE FROM audit_events WHERE seq > 30; DELETE FROM audit_checkpoints WHERE seq > 30');
      }),
    );
    expect(alone.ok).toBe(true);
    expect(withWitness).toMatchObject({ ok: false, firstBad: 31 });
    expect(withWitness.reason).toMatch(/entries 31 to 35 were cut off/);
  });

  it('catches everything after the first checkpoint deleted', async () => {
    const { alone, withWitness } = await verifyBoth(
      tamperedCopy((s) => {
        s.exec('DELETE FROM audit_events WHERE seq > 10; DELETE FROM audit_checkpoints WHERE seq > 10');
      }),
    );
    expect(alone.ok).toBe(true);
    expect(withWitness).toMatchObject({ ok: false, firstBad: 11 });
  });

  it('catches a rewrite that recomputed the chain and deleted every checkpoint', async () => {
    const { alone, withWitness } = await verifyBoth(
      tamperedCopy((s) => {
        s.prepare("UPDATE audit_events SET actor_email = 'someone-else@example.com' WHERE seq = 5").run();
        rechain(s, 5);
        s.exec('DELETE FROM audit_checkpoints');
      }),
    );
    expect(alone.ok).toBe(true);
    expect(withWitness).toMatchObject({ ok: false, firstBad: 10 });
    expect(withWitness.reason).toMatch(/does not match the witness/);
  });

  it('catches a witnessed checkpoint removed from the database', async () => {
    const { withWitness } = await verifyBoth(tamperedCopy((s) => s.exec('DELETE FROM audit_checkpoints WHERE seq = 35')));
    expect(withWitness).toMatchObject({ ok: false, firstBad: 35 });
    expect(withWitness.reason).toMatch(/checkpoint at seq 35.*was removed/);
  });

  it('fails when the witness is missing or edited, naming the file', async () => {
    rmSync(file('audit-witness.jsonl'));
    const missing = await verifyBoth(tamperedCopy(() => {}));
    expect(missing.withWitness).toMatchObject({ ok: false, firstBad: null });
    expect(missing.withWitness.reason).toMatch(/witness file .* is missing/);

    writeFileSync(
      file('audit-witness.jsonl'),
      '{"v":1,"kind":"checkpoint","seq":10}\n{"v":1,"kind":"checkpoint","seq":20,"hash":"' + 'a'.repeat(64) + '","time":"x"}\n',
    );
    const edited = await verifyBoth(tamperedCopy(() => {}));
    expect(edited.withWitness).toMatchObject({ ok: false, firstBad: null });
    expect(edited.withWitness.reason).toMatch(/line 1 of the witness file/);
  });

  it('ignores a torn last line (a crash in the middle of the last write)', async () => {
    appendFileSync(file('audit-witness.jsonl'), '{"v":1,"kind":"checkp');
    const { withWitness } = await verifyBoth(tamperedCopy(() => {}));
    expect(withWitness).toMatchObject({ ok: true, witness: { records: 4 } });
  });
});

describe('npm run audit -- verify', () => {
  it('compares with the witness and names the first missing sequence number (exit 1)', () => {
    const copy = tamperedCopy((s) => s.exec('DELETE FROM audit_events WHERE seq > 20; DELETE FROM audit_checkpoints WHERE seq > 20'));
    copy.$client.close();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/audit.ts', 'verify'], {
      env: {
        ...process.env,
        DATABASE_PATH: file('copy.db'),
        AUDIT_SIGNING_KEY_PATH: file('key.pem'),
        AUDIT_WITNESS_PATH: file('audit-witness.jsonl'),
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
    });
    expect(run.status, run.stderr).toBe(1);
    const answer = JSON.parse(run.stdout);
    expect(answer).toMatchObject({ ok: false, firstBad: 21, witness: { path: file('audit-witness.jsonl'), lastSeq: 35 } });
    expect(existsSync(file('copy.db'))).toBe(true);
  });
});

describe('syslog', () => {
  it('reads udp://host:port (514 by default, IPv6 in brackets) and refuses anything else', () => {
    expect(parseSyslogUrl('udp://127.0.0.1:5514')).toEqual({ host: '127.0.0.1', port: 5514 });
    expect(parseSyslogUrl('udp://logs.example.com')).toEqual({ host: 'logs.example.com', port: 514 });
    expect(parseSyslogUrl('udp://[::1]:514')).toEqual({ host: '::1', port: 514 });
    for (const bad of ['tcp://h:1', 'udp://h:1/path', 'logs.example.com', 'udp://']) expect(parseSyslogUrl(bad), bad).toBeNull();
  });

  it('formats RFC 5424: PRI of log audit/informational, version 1, UTC time, host, app, pid, msgid, no structured data', () => {
    expect(syslogMessage('audit-checkpoint', '{"seq":1}', new Date('2026-03-02T09:00:00.000Z'), 'desk 1', 42)).toBe(
      '<110>1 2026-03-02T09:00:00.000Z desk1 subdesk 42 audit-checkpoint - {"seq":1}',
    );
  });

  it('sends every witnessed checkpoint to the collector as it is appended to the file', async () => {
    const collector = createSocket('udp4');
    const received: string[] = [];
    collector.on('message', (m) => received.push(m.toString('utf8')));
    await new Promise<void>((r) => collector.bind(0, '127.0.0.1', () => r()));
    const port = collector.address().port;
    const sent = new AuditWitness(file('sent.jsonl'), { syslog: { host: '127.0.0.1', port } });
    sent.start(undefined);
    const logged = new AuditLog(db, () => new Date(), { signer: loadOrCreateSigningKey(file('key.pem')), checkpointEvery: 10, witness: sent });
    for (let i = 0; i < 10; i++) logged.record({ requestId: `s${i}`, actor: { type: 'system' }, action: 'system.note', outcome: 'succeeded' });
    await sent.close();
    for (let i = 0; i < 50 && received.length < 1; i++) await new Promise((r) => setTimeout(r, 10));
    collector.close();
    expect(received).toHaveLength(1);
    const [, pri, version, , , app, , msgId, sd, json] = received[0]!.match(/^<(\d+)>(\d) (\S+) (\S+) (\S+) (\S+) (\S+) (\S+) (.*)$/)!;
    expect([pri, version, app, msgId, sd]).toEqual(['110', '1', 'subdesk', 'audit-checkpoint', '-']);
    expect(JSON.parse(json!)).toEqual(readWitness(file('sent.jsonl')).records[0]);
    expect(JSON.parse(json!).seq).toBe(40); // 35 + 10 entries: the checkpoint every 10 falls at 40
  });
});
