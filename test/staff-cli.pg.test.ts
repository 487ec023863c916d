import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { verifyPassword } from '../server/auth/password.ts';
import { testDatabase, type TestDatabase } from './helpers/postgres.ts';

/** `npm run staff` on DATABASE_URL: an operator creates the first admin of a PostgreSQL deployment. */
const root = resolve(import.meta.dirname, '..');
let database: TestDatabase;

function staffCli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/staff.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'silent' },
    timeout: 30_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(async () => {
  // Unmigrated: the CLI migrates a fresh database before its first write, as the server does.
  database = await testDatabase({ migrated: false });
});
afterAll(() => database.drop());

describe('the staff CLI on PostgreSQL', () => {
  it('creates a member there, with the password given and an audit entry', async () => {
    const created = staffCli(['create', '--email', 'Ops@Example.com', '--role', 'admin', '--password-stdin'], 'a long enough passphrase 2026\n');
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    const { rows } = await database.db.$client.query<{ email: string; role: string; password_hash: string }>('SELECT email, role, password_hash FROM staff');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: 'ops@example.com', role: 'admin' });
    expect(await verifyPassword(rows[0]!.password_hash, 'a long enough passphrase 2026')).toBe(true);
    const audit = await database.db.$client.query<{ action: string; outcome: string }>('SELECT action, outcome FROM audit_events');
    expect(audit.rows).toContainEqual(expect.objectContaining({ outcome: 'succeeded' }));
    const listed = staffCli(['list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('ops@example.com');
  });
});
