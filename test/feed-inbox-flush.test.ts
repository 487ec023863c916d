import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FileHandle } from 'node:fs/promises';
import { openDatabase, type Db } from '../db/connection.ts';
import { WalSync } from '../db/wal-sync.ts';
import { SqliteFeedInbox } from '../server/feeds/store/sqlite.ts';
import type { Delivery } from '../server/feeds/store/types.ts';

/**
 * Accepting a delivery: committed at once, answered only once the WAL holding it is flushed to
 * disk, and that flush runs off the event loop, shared by everything that arrived meanwhile.
 */
let dir: string;
let db: Db;
/** Each flush of the WAL, held until the test lets it go. */
let flushes: { release: () => void; fail: (err: Error) => void }[];
let wal: WalSync;
let inbox: SqliteFeedInbox;

const delivery = (n: number): Delivery => ({
  feed: 'gigs',
  deliveryId: `msg_${n}`,
  eventType: 'com.gigs.user.updated',
  eventTime: '2026-12-01T10:00:00.000Z',
  objectId: `usr_${n}`,
  body: `{"n":${n}}`,
});
const stored = () => db.$client.prepare('SELECT delivery_id FROM feed_inbox ORDER BY seq').pluck().all();
const turn = () => new Promise((r) => setImmediate(r));
/** Waits until `n` flushes have started (opening the WAL the first time takes the thread pool a moment). */
async function flushesStarted(n: number) {
  await expect.poll(() => flushes.length, { timeout: 10_000 }).toBe(n);
}
function settled<T>(p: Promise<T>) {
  const state = { done: false, value: undefined as T | undefined, error: undefined as unknown };
  p.then(
    (v) => Object.assign(state, { done: true, value: v }),
    (e: unknown) => Object.assign(state, { done: true, error: e }),
  );
  return state;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'subdesk-inbox-'));
  db = openDatabase(join(dir, 'subdesk.db'));
  flushes = [];
  const flushFile = (file: FileHandle) =>
    new Promise<void>((resolve, reject) => flushes.push({ release: () => void file.datasync().then(resolve, reject), fail: reject }));
  wal = new WalSync(db.$client, flushFile);
  inbox = new SqliteFeedInbox(db, () => new Date('2026-12-01T10:00:05Z'), wal);
});
afterEach(async () => {
  for (const f of flushes) f.release();
  await inbox.close();
  db.$client.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the inbox answers a delivery only once it is on disk', () => {
  it('the delivery is committed at once, answered only after the flush of the WAL that holds it', async () => {
    const first = settled(inbox.accept(delivery(1)));
    await flushesStarted(1);
    expect(stored()).toEqual(['msg_1']);
    // The server keeps turning while the disk works: other work runs, the delivery waits.
    for (let i = 0; i < 5; i++) await turn();
    expect(first.done).toBe(false);
    flushes[0]!.release();
    await expect.poll(() => first.done).toBe(true);
    expect(first.value).toBe(true);
  });

  it('deliveries arriving during a flush share the next one, not the one under way', async () => {
    const first = settled(inbox.accept(delivery(1)));
    await flushesStarted(1);
    const later = [2, 3, 4].map((n) => settled(inbox.accept(delivery(n))));
    for (let i = 0; i < 5; i++) await turn();
    // Committed already, but the flush under way may have begun before their commit.
    expect(stored()).toEqual(['msg_1', 'msg_2', 'msg_3', 'msg_4']);
    expect(flushes).toHaveLength(1);
    flushes[0]!.release();
    await expect.poll(() => first.done).toBe(true);
    await flushesStarted(2);
    expect(later.some((s) => s.done)).toBe(false);
    flushes[1]!.release();
    await expect.poll(() => later.every((s) => s.done)).toBe(true);
    expect(later.map((s) => s.value)).toEqual([true, true, true]);
    expect(flushes).toHaveLength(2);
  });

  it('a duplicate waits for the flush as well, and says it was already there', async () => {
    const first = settled(inbox.accept(delivery(1)));
    const again = settled(inbox.accept(delivery(1)));
    await flushesStarted(1);
    for (let i = 0; i < 5; i++) await turn();
    expect(again.done).toBe(false);
    flushes[0]!.release();
    await expect.poll(() => first.done && again.done).toBe(true);
    expect([first.value, again.value]).toEqual([true, false]);
    expect(stored()).toEqual(['msg_1']);
  });

  it('a flush that fails fails every delivery waiting for it (the sender retries; the retry is a no-op)', async () => {
    const first = settled(inbox.accept(delivery(1)));
    await flushesStarted(1);
    flushes[0]!.fail(new Error('EIO: the disk failed'));
    await expect.poll(() => first.done).toBe(true);
    expect(String(first.error)).toContain('EIO');
    const retry = settled(inbox.accept(delivery(1)));
    await flushesStarted(2);
    flushes[1]!.release();
    await expect.poll(() => retry.done).toBe(true);
    expect(retry.value).toBe(false);
  });

  it('an in-memory database has no WAL to flush', async () => {
    const memory = openDatabase(':memory:');
    await expect(new WalSync(memory.$client).sync()).resolves.toBeUndefined();
    memory.$client.close();
  });
});
