import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../db/connection.ts';
import { verifyPassword } from '../server/auth/password.ts';

const root = resolve(import.meta.dirname, '..');
let dir: string;
let dbPath: string;

function staffCli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/staff.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_PATH: dbPath, LOG_LEVEL: 'silent' },
    timeout: 30_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

const readStaff = () => {
  const db = openDatabase(dbPath);
  try {
    return db.$client.prepare('SELECT email, role, password_hash, must_change_password FROM staff ORDER BY id').all() as {
      email: string;
      role: string;
      password_hash: string;
      must_change_password: number;
    }[];
  } finally {
    db.$client.close();
  }
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'subdesk-cli-'));
  dbPath = join(dir, 'subdesk.db');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run staff', () => {
  it('creates a member with a one-time password printed once', async () => {
    const r = staffCli(['create', '--email', 'First.Admin@Example.com', '--role', 'admin']);
    expect(r.code, r.err).toBe(0);
    const otp = /One-time password \(shown only now\): (\S+)/.exec(r.out)?.[1];
    expect(otp).toBeDefined();
    const [row] = readStaff();
    expect(row).toMatchObject({ email: 'first.admin@example.com', role: 'admin', must_change_password: 1 });
    expect(await verifyPassword(row!.password_hash, otp!)).toBe(true);
    const db = openDatabase(dbPath);
    const entry = db.$client.prepare("SELECT actor_type, outcome FROM audit_events WHERE action = 'staff.create'").get();
    db.$client.close();
    expect(entry).toEqual({ actor_type: 'system', outcome: 'succeeded' });
  });

  it('takes the operator’s own password on standard input, and checks it', async () => {
    const weak = staffCli(['create', '--email', 'ops@example.com', '--role', 'admin', '--password-stdin'], 'password1234\n');
    expect(weak.code).toBe(1);
    expect(weak.err).toMatch(/too common/);
    const r = staffCli(['create', '--email', 'ops@example.com', '--role', 'admin', '--password-stdin'], 'the operator chose this one\n');
    expect(r.code, r.err).toBe(0);
    expect(r.out).not.toMatch(/One-time password/);
    const row = readStaff().find((s) => s.email === 'ops@example.com')!;
    expect(row.must_change_password).toBe(0);
    expect(await verifyPassword(row.password_hash, 'the operator chose this one')).toBe(true);
  });

  it('refuses duplicates and bad arguments, and lists members', () => {
    expect(staffCli(['create', '--email', 'ops@example.com', '--role', 'support']).err).toMatch(/already exists/);
    expect(staffCli(['create', '--email', 'x@example.com', '--role', 'root']).code).toBe(2);
    expect(staffCli(['create', '--role', 'admin']).code).toBe(2);
    const list = staffCli(['list']);
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/admin\s+first\.admin@example\.com/);
    expect(list.out).toMatch(/ops@example\.com/);
  });

  it('resets a member’s second factors from the command line (an admin with no one to reset theirs)', () => {
    const db = openDatabase(dbPath);
    const id = (db.$client.prepare("SELECT id FROM staff WHERE email = 'ops@example.com'").get() as { id: number }).id;
    db.$client
      .prepare(
        "INSERT INTO staff_second_factors (staff_id, kind, label, created_at, totp_secret_sealed) VALUES (?, 'totp', 'Lost phone', '2026-01-01T00:00:00Z', 'v1.x.y.z')",
      )
      .run(id);
    db.$client.prepare("INSERT INTO staff_recovery_codes (staff_id, code_hash, created_at) VALUES (?, 'h', '2026-01-01T00:00:00Z')").run(id);
    db.$client.close();
    const r = staffCli(['reset-second-factors', '--email', 'OPS@example.com']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Removed 1 second factor and the recovery codes of ops@example\.com/);
    expect(r.out).toMatch(/add a passkey or an authenticator app at their next sign-in/);
    const after = openDatabase(dbPath);
    expect(after.$client.prepare('SELECT count(*) AS n FROM staff_second_factors').get()).toEqual({ n: 0 });
    expect(after.$client.prepare('SELECT count(*) AS n FROM staff_recovery_codes').get()).toEqual({ n: 0 });
    expect(after.$client.prepare("SELECT actor_type FROM audit_events WHERE action = 'staff.secondFactors.reset'").get()).toEqual({ actor_type: 'system' });
    after.$client.close();
    expect(staffCli(['reset-second-factors', '--email', 'nobody@example.com']).code).toBe(2);
  });
});
