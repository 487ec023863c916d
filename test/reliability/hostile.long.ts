import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProduct, type RunningProduct } from '../../bench/lib/product.ts';
import { api, login, sleep, waitForCrawl, withDb } from './lib/product-checks.ts';
import { customerIds, ensureSpaBuilt } from './lib/workload.ts';
import { recordResults } from './lib/results.ts';
import { sendBody } from '../helpers/raw-http.ts';
import { runTailCuts } from './lib/tail-cuts.ts';

/**
 * A hostile client, against the started product on one data directory:
 * 1. 10,000 anonymous requests in 30 s from one address (signed-out API calls with 8 KB paths
 *    and user agents, forged Connect callbacks): a bounded number of audit entries, at most one
 *    per minute per address and kind, at most 1 MB, and no refusal lost on a clean stop;
 * 2. 100 bodies of 50 MB to every kind of route (API, sandbox, callback, static, unknown),
 *    announced and chunked, eight at a time: subdesk's RSS stays under 400 MB;
 * 3. the tail cuts (the last entry, the last checkpoint's span, everything after the first
 *    checkpoint) on copies of the database: `npm run audit -- verify` names the first missing seq.
 */
const PORT = 3205;
const FLOOD_REQUESTS = 10_000;
const FLOOD_SECONDS = 30;
const FLOOD_CONCURRENCY = 16;
const BODIES = 100;
const BODY_BYTES = 50 * 1024 * 1024;
const BODY_CONCURRENCY = 8;
const RSS_LIMIT_MIB = 400;

let dir: string;
let scratch: string;
let product: RunningProduct | undefined;
const start = () =>
  startProduct({ port: PORT, dataDir: dir, env: { SANDBOX_CUSTOMERS: '400', SYNC_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error', AUDIT_CHECKPOINT_EVERY: '25' } });

beforeAll(async () => {
  ensureSpaBuilt();
  dir = mkdtempSync(join(tmpdir(), 'subdesk-hostile-'));
  scratch = mkdtempSync(join(tmpdir(), 'subdesk-hostile-copies-'));
  product = await start();
  await waitForCrawl(product);
}, 300_000);
afterAll(async () => {
  await product?.stop('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

const figures: Record<string, unknown> = {};

const rssMiB = (pid: number, field: 'VmRSS' | 'VmHWM') => {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${field}:`))!;
  return Number(line.split(/\s+/)[1]) / 1024;
};

type StoredSize = { entries: number; bytes: number };
/** New entries since `seq` and the bytes they store (every column as text). */
const storedSince = (seq: number): StoredSize =>
  withDb(dir, (db) =>
    db
      .prepare(`SELECT count(*) AS entries, coalesce(sum(length(CAST(seq AS TEXT)) + length(time) + length(request_id) + length(actor_type) + coalesce(length(actor_id), 0)
    + coalesce(length(actor_email), 0) + coalesce(length(actor_role), 0) + coalesce(length(ip), 0) + coalesce(length(user_agent), 0) + length(action)
    + coalesce(length(target_type), 0) + coalesce(length(target_id), 0) + coalesce(length(customer_id), 0) + coalesce(length(request), 0) + coalesce(length(before), 0)
    + coalesce(length(after), 0) + length(outcome) + coalesce(length(error), 0) + coalesce(length(upstream_ref), 0) + length(prev_hash) + length(hash)), 0) AS bytes
    FROM audit_events WHERE seq > ?`)
      .get(seq),
  ) as StoredSize;
const headSeq = () => withDb(dir, (db) => (db.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number | null) ?? 0);

describe('a hostile client', () => {
  it('customer pages first, so the log has checkpoints to cut', async () => {
    const support = await login(product!, 'support');
    for (const id of customerIds(dir, 120)) expect((await api(product!, support, 'GET', `/api/customers/${id}`)).status).toBe(200);
  }, 300_000);

  it(`${FLOOD_REQUESTS.toLocaleString('en-US')} anonymous requests in ${FLOOD_SECONDS} s from one address: a bounded number of audit entries, none lost on a clean stop`, async () => {
    const before = headSeq();
    const longUa = `Mozilla/5.0 (hostile) ${'U'.repeat(8_000)}`;
    const longSegment = 'p'.repeat(6_000);
    const kinds = [
      { kind: 'access', denied: true, path: (i: number) => `/api/customers?filter=${encodeURIComponent(JSON.stringify({ q: `x${i}` }))}` },
      { kind: 'access', denied: true, path: (i: number) => `/api/staff/${i}${longSegment}` },
      { kind: 'access', denied: true, path: () => '/api/audit-events/export?format=csv' },
      { kind: 'callback', denied: true, path: (i: number) => `/connect/done?session_id=csn_Forged${i}${'z'.repeat(40)}&status=success` },
      { kind: 'none', denied: false, path: (i: number) => `/no/such/page/${i}` },
    ];
    const sent = { access: 0, callback: 0, none: 0 };
    const statuses: Record<string, number> = {};
    const started = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: FLOOD_CONCURRENCY }, async () => {
        for (;;) {
          const i = next++;
          if (i >= FLOOD_REQUESTS) return;
          // Paced to the figure asked for: 10,000 spread over the 30 s, not as fast as possible.
          const due = started + (i / FLOOD_REQUESTS) * FLOOD_SECONDS * 1000;
          if (due > Date.now()) await sleep(due - Date.now());
          const k = kinds[i % kinds.length]!;
          const res = await fetch(`${product!.url}${k.path(i)}`, { headers: { 'user-agent': longUa } });
          await res.arrayBuffer();
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          sent[k.kind as keyof typeof sent]++;
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const minutesTouched = Math.ceil(seconds / 60) + 1;
    // Written when each window's minute ends, or at a clean stop: stop now and count.
    await product!.stop('SIGTERM');
    product = undefined;
    const added = storedSince(before);
    const entries = withDb(dir, (db) => db.prepare('SELECT action, outcome, ip, request FROM audit_events WHERE seq > ? ORDER BY seq').all(before)) as {
      action: string;
      outcome: string;
      ip: string;
      request: string;
    }[];
    const denials = entries.filter((e) => e.outcome === 'denied');
    const counted = (action: string) => denials.filter((e) => e.action === action).reduce((n, e) => n + (JSON.parse(e.request) as { count: number }).count, 0);
    figures.flood = {
      requests: FLOOD_REQUESTS,
      seconds: Math.round(seconds * 10) / 10,
      concurrency: FLOOD_CONCURRENCY,
      statuses,
      entriesAdded: added.entries,
      bytesStored: added.bytes,
      denialEntries: denials.map((d) => d.action),
      refusalsCounted: { access: counted('access.denied'), callback: counted('gigs.connectSession.callback') },
      refusalsSent: { access: sent.access, callback: sent.callback },
    };
    expect(seconds).toBeLessThanOrEqual(FLOOD_SECONDS + 5);
    expect(new Set(denials.map((d) => d.ip))).toEqual(new Set(['127.0.0.1']));
    // At most one entry per minute per address and kind (two kinds), at most 1 MB.
    expect(denials.filter((d) => d.action === 'access.denied').length).toBeLessThanOrEqual(minutesTouched);
    expect(denials.filter((d) => d.action === 'gigs.connectSession.callback').length).toBeLessThanOrEqual(minutesTouched);
    expect(added.entries).toBeLessThanOrEqual(2 * minutesTouched + 2); // + the shutdown's own nothing; margin for none
    expect(added.bytes).toBeLessThanOrEqual(1024 * 1024);
    // Nothing lost: every refusal sent is counted in an entry.
    expect(counted('access.denied')).toBe(sent.access);
    expect(counted('gigs.connectSession.callback')).toBe(sent.callback);
  }, 180_000);

  it(`${BODIES} bodies of 50 MB to every kind of route: RSS stays under ${RSS_LIMIT_MIB} MB`, async () => {
    product = await start();
    const pid = product.child.pid!;
    await sleep(2000);
    const baseline = rssMiB(pid, 'VmRSS');
    const targets = [
      '/api/auth/login',
      '/api/customers',
      '/sandbox/gigs/connect/sessions/csn_x/complete',
      '/sandbox/gigs/projects/subdesk-sandbox//plans',
      '/sandbox/centra/graphql',
      '/connect/done',
      '/webhooks/gigs',
      '/index.html',
      '/no/such/path',
      '/assets/none.js',
    ];
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMiB(pid, 'VmRSS'));
    }, 25);
    const statuses: Record<string, number> = {};
    const started = Date.now();
    let next = 0;
    try {
      await Promise.all(
        Array.from({ length: BODY_CONCURRENCY }, async () => {
          for (;;) {
            const i = next++;
            if (i >= BODIES) return;
            const answer = await sendBody(`${product!.url}${targets[i % targets.length]}`, {
              bytes: BODY_BYTES,
              chunked: i % 2 === 1,
              headers: { origin: product!.url },
            });
            statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
          }
        }),
      );
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, rssMiB(pid, 'VmRSS'));
    const health = await fetch(`${product.url}/api/health`);
    figures.bodies = {
      bodies: BODIES,
      mibEach: BODY_BYTES / 2 ** 20,
      concurrency: BODY_CONCURRENCY,
      routes: targets,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      statuses,
      rssBaselineMiB: Math.round(baseline),
      rssPeakMiB: Math.round(peak),
      rssHighWaterMiB: Math.round(rssMiB(pid, 'VmHWM')),
    };
    expect(health.status).toBe(200);
    expect(
      Object.keys(statuses).every((s) => s === '413' || s === 'closed'),
      JSON.stringify(statuses),
    ).toBe(true);
    expect(statuses['413']).toBeGreaterThanOrEqual(BODIES / 2);
    expect(peak).toBeLessThan(RSS_LIMIT_MIB);
    await product.stop('SIGTERM');
    product = undefined;
  }, 600_000);

  it('tail cuts on copies of the log are each caught by npm run audit -- verify, naming the first missing seq', () => {
    const { clean, outcomes, picks } = runTailCuts(dir, scratch);
    figures.tailCuts = {
      entries: picks.head,
      checkpoints: picks.checkpoints.length,
      clean: { exitCode: clean.exitCode, ok: clean.answer.ok, witness: clean.answer.witness },
      cases: outcomes.map((o) => ({
        case: o.name,
        expectedFirstBad: o.expectedFirstBad,
        exitCode: o.run.exitCode,
        firstBad: o.run.answer.firstBad,
        reason: o.run.answer.reason,
      })),
    };
    expect(clean).toMatchObject({ exitCode: 0, answer: { ok: true, firstBad: null } });
    expect(clean.answer.witness?.lastSeq).toBe(picks.head);
    for (const o of outcomes) {
      expect(o.run.exitCode, o.name).toBe(1);
      expect(o.run.answer.firstBad, `${o.name}: ${o.run.answer.reason}`).toBe(o.expectedFirstBad);
      expect(o.run.answer.reason, o.name).toMatch(/cut off: the witness/);
    }
    recordResults('hostile', figures);
  }, 120_000);
});
