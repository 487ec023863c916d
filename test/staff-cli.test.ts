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
});
