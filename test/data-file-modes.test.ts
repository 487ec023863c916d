import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { openDatabase } from '../db/connection.ts';
import { keySortPath, sortPendingKeys } from '../server/customers/index/key-sort.ts';
import { CustomerStore } from '../server/customers/index/store.ts';

/**
 * The data directory holds password hashes, customers' personal data, the signing key and the
 * sandbox's API keys: subdesk creates it 0700 and every file in it 0600, whatever the umask.
 */
const mode = (path: string) => statSync(path).mode & 0o777;

let t: TestServer;
let data: string;
const previousUmask = process.umask(0o022); // the usual umask: files 0644, directories 0755
beforeAll(async () => {
  const root = mkdtempSync(join(tmpdir(), 'subdesk-modes-'));
  data = join(root, 'data', 'nested');
  t = await startTestServer({ DATABASE_PATH: join(data, 'subdesk.db') });
  // A checkpoint, so the witness has a line and every file exists.
  await t.deps.audit.append({ requestId: 'modes', actor: { type: 'system' }, action: 'system.note', outcome: 'succeeded' });
  await t.deps.audit.checkpoint();
}, 120_000);
afterAll(async () => {
  await t?.close();
  rmSync(join(data, '..', '..'), { recursive: true, force: true });
  process.umask(previousUmask);
});

describe('data files', () => {
  it('the data directory subdesk creates is 0700', () => {
    expect(mode(data)).toBe(0o700);
    expect(mode(join(data, '..'))).toBe(0o700);
  });

  it("the database, its WAL and shared memory, the signing key, the witness and the sandbox's files are 0600", () => {
    const files = [
      'subdesk.db',
      'subdesk.db-wal',
      'subdesk.db-shm',
      'audit-signing-key.pem',
      'audit-witness.jsonl',
      'sandbox.db',
      'sandbox.db-wal',
      'sandbox.db-shm',
    ];
    const found = files.filter((f) => existsSync(join(data, f)));
    expect(found).toEqual(files);
    expect(Object.fromEntries(found.map((f) => [f, mode(join(data, f)).toString(8)]))).toEqual(Object.fromEntries(files.map((f) => [f, '600'])));
  });

  it('a database file from before, readable by others, is tightened when opened', () => {
    const dir = mkdtempSync(join(tmpdir(), 'subdesk-old-'));
    const file = join(dir, 'old.db');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    openDatabase(file).$client.close();
    expect(mode(file)).toBe(0o600);
    rmSync(dir, { recursive: true, force: true });
  });

  it('an existing directory is left as it is (DATABASE_PATH may point into a shared one)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'subdesk-shared-'));
    mkdirSync(join(dir, 'shared'), { mode: 0o755 });
    chmodSync(join(dir, 'shared'), 0o755);
    openDatabase(join(dir, 'shared', 'x.db')).$client.close();
    expect(mode(join(dir, 'shared'))).toBe(0o755);
    expect(mode(join(dir, 'shared', 'x.db'))).toBe(0o600);
    rmSync(dir, { recursive: true, force: true });
  });

  it("the crawl's key-sort scratch file (e-mails and phone keys) is 0600 too", () => {
    const dir = mkdtempSync(join(tmpdir(), 'subdesk-keysort-'));
    const file = join(dir, 'subdesk.db');
    const db = openDatabase(file);
    new CustomerStore(db); // creates the crawl stage's tables
    db.$client.close();
    sortPendingKeys(file);
    expect(mode(keySortPath(file))).toBe(0o600);
    rmSync(dir, { recursive: true, force: true });
  });
});
