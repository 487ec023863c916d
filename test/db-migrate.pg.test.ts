import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { testDatabase, type TestDatabase } from './helpers/postgres.ts';

/** Every migration under db/migrations-pg, as its journal lists them. */
const PG_MIGRATIONS = (JSON.parse(readFileSync(new URL('../db/migrations-pg/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] }).entries
  .length;

const run = promisify(execFile);
const migrate = (env: Record<string, string>) =>
  run(process.execPath, ['--import', 'tsx', 'server/cli/migrate.ts'], { env: { PATH: process.env.PATH!, ...env } }).then((r) => r.stdout.trim());

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
  t = await testDatabase({ migrated: false });
  dir = mkdtempSync(join(tmpdir(), 'subdesk-migrate-'));
});
afterAll(async () => {
  await t.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run db:migrate', () => {
  it('migrates the PostgreSQL server DATABASE_URL names, once, and never prints its password', async () => {
    const password = new URL(t.url).password;
    const first = await migrate({ DATABASE_URL: t.url });
    expect(first).toMatch(new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:\\d+/subdesk_\\w+ as postgres: ${PG_MIGRATIONS} migrations applied$`));
    expect(first).not.toContain(password);
    expect(await migrate({ DATABASE_URL: t.url })).toMatch(/up to date, no migration to apply$/);
    const { rows } = await t.db.$client.query(`SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'public'`);
    expect(rows[0].n).toBeGreaterThan(15);
  });

  it('instances migrating at once take turns: every migration runs once', async () => {
    const other = await testDatabase({ migrated: false });
    try {
      const outs = await Promise.all([migrate({ DATABASE_URL: other.url }), migrate({ DATABASE_URL: other.url })]);
      expect(outs.map((o) => o.replace(/^.*: /, '')).sort()).toEqual([`${PG_MIGRATIONS} migrations applied`, 'up to date, no migration to apply']);
    } finally {
      await other.drop();
    }
  });

  it('migrates the SQLite file at DATABASE_PATH when no DATABASE_URL is set', async () => {
    const path = join(dir, 'subdesk.db');
    expect(await migrate({ DATABASE_PATH: path })).toMatch(/^SQLite at .*subdesk\.db: \d+ migrations applied$/);
    expect(await migrate({ DATABASE_PATH: path })).toMatch(/up to date/);
    const db = new Database(path, { readonly: true });
    expect(db.prepare(`SELECT count(*) FROM sqlite_master WHERE name = 'audit_events'`).pluck().get()).toBe(1);
    db.close();
  });

  it('refuses a DATABASE_URL that is not PostgreSQL, naming the variable', async () => {
    await expect(migrate({ DATABASE_URL: 'mysql://x/y' })).rejects.toMatchObject({
      stderr: expect.stringContaining('DATABASE_URL: must be a postgres:// or postgresql:// URL'),
    });
  });
});
