import Database from 'better-sqlite3';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DEMO_PASSWORD, type RunningProduct } from '../../../bench/lib/product.ts';

/** Checks on a started product (bench/lib/product.ts) and its data directory, shared by the durability suites. */

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 60_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** A read-only look at subdesk's database while the product runs (WAL lets readers in beside it). */
export function withDb<T>(dir: string, read: (db: Database.Database) => T, file = 'subdesk.db'): T {
  const db = new Database(join(dir, file), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** `PRAGMA integrity_check` of one database file: 'ok' or the first problems it names. */
export const integrity = (dir: string, file = 'subdesk.db') =>
  withDb(dir, (db) => (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; '), file);

export const walBytes = (dir: string, file = 'subdesk.db') => {
  const wal = join(dir, `${file}-wal`);
  return existsSync(wal) ? statSync(wal).size : 0;
};

/**
 * Signs in as the demo account of `role`, waiting out the seconds after start-up when the server
 * listens but answers 503 "starting" (startProduct returns as soon as it listens).
 */
export async function login(product: { url: string }, role: string): Promise<string> {
  return waitFor(
    `sign-in as ${role}`,
    async () => {
      const res = await fetch(`${product.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: `${role}@demo.subdesk`, password: BENCH_DEMO_PASSWORD }),
      });
      if (res.status === 503) return null;
      if (!res.ok) throw new Error(`login as ${role} failed: ${res.status} ${await res.text()}`);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    },
    120_000,
    200,
  );
}

/** Writes need an Origin the write guard accepts; the product's own. */
export async function api(product: RunningProduct, cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${product.url}${path}`, {
    method,
    headers: { cookie, origin: product.url, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res;
}

export type VerifyAnswer = { ok: boolean; checked: number; firstBad: number | null; reason: string };

/** POST /api/audit-events/verify as an auditor. */
export async function verifyChain(product: RunningProduct): Promise<VerifyAnswer> {
  const res = await api(product, await login(product, 'auditor'), 'POST', '/api/audit-events/verify');
  if (res.status !== 200) throw new Error(`verify answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as VerifyAnswer;
}

type Status = { crawl: { running: boolean; last: { status: string } | null; lastSucceeded: { id: number; counts: unknown } | null } };

/** Waits until a crawl has succeeded and none is running; answers the status. */
export async function waitForCrawl(product: RunningProduct, timeoutMs = 120_000): Promise<Status> {
  const cookie = await login(product, 'admin');
  return waitFor(
    'a finished crawl',
    async () => {
      const s = (await (await api(product, cookie, 'GET', '/api/status')).json()) as Status;
      return !s.crawl.running && s.crawl.lastSucceeded ? s : null;
    },
    timeoutMs,
    250,
  );
}

/** `requested` entries that have no `succeeded`/`failed` of the same request and action. */
export const unsettled = (db: Database.Database) =>
  db
    .prepare(`SELECT r.seq, r.action, r.request_id FROM audit_events r WHERE r.outcome = 'requested'
    AND NOT EXISTS (SELECT 1 FROM audit_events o WHERE o.request_id = r.request_id AND o.action = r.action AND o.outcome IN ('succeeded', 'failed'))`)
    .all() as { seq: number; action: string; request_id: string }[];
