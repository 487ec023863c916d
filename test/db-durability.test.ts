import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProduct, type RunningProduct } from '../bench/lib/product.ts';
import { openDatabase } from '../db/connection.ts';
import { AuditLog } from '../server/audit/log.ts';
import { loadOrCreateSigningKey } from '../server/audit/signing.ts';
import { api, integrity, login, verifyChain, waitFor, waitForCrawl, walBytes, withDb } from './reliability/lib/product-checks.ts';

/**
 * The SQLite file survives a SIGKILL in the middle of a crawl and in the middle of a streamed export:
 * the product is a child process on its own data directory, killed, started again on the same
 * directory; then integrity_check is ok, the audit chain verifies, the customer index is whole and
 * searchable, and the -wal file stays bounded.
 */
const PORT = 3811;
const CUSTOMERS = 4000;
const BULK_AUDIT_ENTRIES = 60_000;

let dir: string;
let product: RunningProduct | undefined;
let maxWal = 0;

const start = async () => {
  product = await startProduct({ port: PORT, dataDir: dir, env: { SANDBOX_CUSTOMERS: String(CUSTOMERS), SYNC_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error' } });
  return product;
};
const kill = async () => {
  maxWal = Math.max(maxWal, walBytes(dir));
  await product!.stop('SIGKILL');
  product = undefined;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'subdesk-durability-'));
});
afterAll(async () => {
  await product?.stop('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const indexed = () => withDb(dir, (db) => db.prepare('SELECT count(*) FROM customers').pluck().get() as number);

async function searchWorks(p: RunningProduct) {
  const cookie = await login(p, 'support');
  const email = withDb(dir, (db) => db.prepare('SELECT email FROM customers WHERE email IS NOT NULL LIMIT 1 OFFSET 17').pluck().get() as string);
  const res = await api(p, cookie, 'GET', `/api/customers?filter=${encodeURIComponent(JSON.stringify({ q: email }))}`);
  expect(res.status).toBe(200);
  expect(((await res.json()) as { email: string }[]).some((c) => c.email === email)).toBe(true);
}

describe('the database survives SIGKILL', () => {
  it('during a crawl: integrity ok, chain verifies, the crawl resumes and the index is whole', async () => {
    await start();
    // The first crawl starts right after start-up; kill while its run is still marked running.
    await waitFor(
      'a running crawl with some customers indexed',
      () =>
        withDb(dir, (db) => {
          const run = db.prepare('SELECT status FROM crawl_runs ORDER BY id DESC LIMIT 1').get() as { status: string } | undefined;
          return run?.status === 'running' && (db.prepare('SELECT count(*) FROM customers').pluck().get() as number) > 0;
        }),
      120_000,
      20,
    );
    await kill();
    // The kill landed inside the crawl: its run is still marked running on disk.
    expect(withDb(dir, (db) => db.prepare('SELECT status FROM crawl_runs ORDER BY id DESC LIMIT 1').pluck().get())).toBe('running');

    const again = await start();
    expect(integrity(dir)).toBe('ok');
    const status = await waitForCrawl(again);
    expect(status.crawl.lastSucceeded).not.toBeNull();
    expect(indexed()).toBeGreaterThanOrEqual(Math.floor(CUSTOMERS * 0.9));
    await searchWorks(again);
    expect(withDb(dir, (db) => (db.pragma('integrity_check') as { integrity_check: string }[])[0]!.integrity_check)).toBe('ok');
    expect(await verifyChain(again)).toMatchObject({ ok: true, firstBad: null });
    maxWal = Math.max(maxWal, walBytes(dir));
    await again.stop('SIGTERM');
    product = undefined;
  }, 240_000);

  it('during a streamed export: integrity ok, chain verifies, the log is whole', async () => {
    // A log big enough that the export is still streaming when the kill comes.
    const db = openDatabase(join(dir, 'subdesk.db'));
    const audit = new AuditLog(db, () => new Date(), { signer: loadOrCreateSigningKey(join(dir, 'audit-signing-key.pem')) });
    await Promise.all(
      Array.from({ length: BULK_AUDIT_ENTRIES }, (_, i) =>
        audit.append({
          requestId: `bulk-${i}`,
          actor: { type: 'system' },
          action: 'customer.view',
          outcome: 'succeeded',
          target: { type: 'customer', id: `bulk-${i}` },
          after: { note: 'x'.repeat(200) },
        }),
      ),
    );
    audit.checkpoint();
    const entries = db.$client.prepare('SELECT count(*) FROM audit_events').pluck().get() as number;
    db.$client.close();

    const p = await start();
    const res = await api(p, await login(p, 'auditor'), 'GET', '/api/audit-events/export?format=json');
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let received = 0;
    while (received < 256 * 1024) {
      const { value, done } = await reader.read();
      if (done) break;
      received += value.byteLength;
    }
    await kill();
    await reader.cancel().catch(() => undefined);
    expect(received).toBeGreaterThanOrEqual(256 * 1024);

    const again = await start();
    expect(integrity(dir)).toBe('ok');
    const verified = await verifyChain(again);
    expect(verified).toMatchObject({ ok: true, firstBad: null });
    expect(verified.checked).toBeGreaterThanOrEqual(entries);
    await searchWorks(again);
    maxWal = Math.max(maxWal, walBytes(dir));
    // WAL checkpoints keep the -wal file bounded even after 60,000 appends and two kills.
    expect(maxWal).toBeLessThan(64 * 1024 * 1024);
    console.log(`db durability: ${entries} audit entries, largest -wal seen ${(maxWal / 1024 / 1024).toFixed(1)} MiB`);
  }, 240_000);
});
