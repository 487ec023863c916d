import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/connection.ts';
import { WalCheckpointer } from '../db/checkpointer.ts';

/**
 * The server's commits never checkpoint the WAL themselves (writing pages into the database file
 * and waiting for fsyncs on the only thread that answers requests): a worker thread does it.
 */
let dir: string;
let path: string;
let db: Db;
let checkpointer: WalCheckpointer;
const errors: unknown[] = [];

const fileBytes = () => statSync(path).size;
/** About 6 MB in 30 commits: well past the 1,000 pages after which SQLite would checkpoint inside a commit. */
function writeALot() {
  const insert = db.$client.prepare('INSERT INTO scratch (b) VALUES (randomblob(4000))');
  for (let c = 0; c < 30; c++)
    db.$client.transaction(() => {
      for (let i = 0; i < 50; i++) insert.run();
    })();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'subdesk-checkpoint-'));
  path = join(dir, 'subdesk.db');
  db = openDatabase(path);
  db.$client.exec('CREATE TABLE scratch (b BLOB)');
  db.$client.pragma('wal_checkpoint(TRUNCATE)');
  checkpointer = new WalCheckpointer(db.$client, (err) => errors.push(err));
});
afterEach(async () => {
  await checkpointer.stop();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('WAL checkpoints happen off the server thread', () => {
  it('commits leave the pages in the WAL; the worker copies them into the database file', async () => {
    checkpointer.start();
    const before = fileBytes();
    writeALot();
    expect(fileBytes()).toBe(before);
    await checkpointer.check();
    expect(fileBytes()).toBeGreaterThan(before + 5_000_000);
    expect(db.$client.prepare('SELECT count(*) FROM scratch').pluck().get()).toBe(1500);
    expect(errors).toEqual([]);
  });

  it('nothing written since the last checkpoint: nothing to do', async () => {
    checkpointer.start();
    writeALot();
    await checkpointer.check();
    const after = fileBytes();
    await checkpointer.check();
    expect(fileBytes()).toBe(after);
  });

  it('once stopped, the connection checkpoints inside its commits again, as SQLite does by default', async () => {
    checkpointer.start();
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await checkpointer.stop();
    expect(db.$client.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const before = fileBytes();
    writeALot();
    expect(fileBytes()).toBeGreaterThan(before);
  });
});
