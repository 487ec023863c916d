import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProduct, type RunningProduct } from '../../bench/lib/product.ts';
import { integrity, login, unsettled, verifyChain, waitFor, waitForCrawl, walBytes, withDb } from './lib/product-checks.ts';
import { customerIds, ensureSpaBuilt, searchTerms, togglableSubscriptions } from './lib/workload.ts';
import { latencyOf, loadMix, statusesOf, type Kind, type Sample } from './lib/load-mix.ts';
import { runTamperCases } from './lib/tamper.ts';
import { recordResults } from './lib/results.ts';

/**
 * Load: 200 concurrent clients for 60 s against the started product (child process, built SPA,
 * embedded sandbox): 70% searches, 20% customer pages, 10% Centra status changes (each client owns
 * one active or paused subscription and toggles it, so actions never race each other). Then: no
 * 5xx, the p99 reported, every action answered 2xx is in the audit log as `succeeded` (counted by
 * X-Request-Id, not sampled), nothing left `requested`, the -wal file stayed bounded, and the audit
 * tampering cases run against the database this load wrote.
 */
const PORT = 3821;
const CONNECTIONS = 200;
const DURATION_S = 60;
const CUSTOMERS = 2000;

let dir: string;
let product: RunningProduct;

beforeAll(async () => {
  ensureSpaBuilt();
  dir = mkdtempSync(join(tmpdir(), 'subdesk-load-'));
  // Checkpoints every 500 entries, so the tampering cases have several to work against. The
  // sandbox runs in its own process, as real upstreams would: in-process, its work would queue
  // behind 200 clients on subdesk's one event loop and measure the emulator, not subdesk.
  product = await startProduct({
    port: PORT,
    dataDir: dir,
    upstream: 'separate',
    env: { SANDBOX_CUSTOMERS: String(CUSTOMERS), SYNC_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error', AUDIT_CHECKPOINT_EVERY: '500' },
  });
  await waitForCrawl(product);
}, 300_000);
afterAll(async () => {
  await product?.stop('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('load', () => {
  it(`${CONNECTIONS} clients for ${DURATION_S} s: no 5xx, p99 reported, every acknowledged action audited`, async () => {
    const cookie = await login(product, 'support');
    const terms = searchTerms(dir);
    const ids = customerIds(dir);
    const subs = togglableSubscriptions(dir, CONNECTIONS * 2);
    expect(terms.length).toBeGreaterThan(100);
    expect(subs.length).toBeGreaterThanOrEqual(CONNECTIONS);
    const samples: Sample[] = [];

    let maxWal = 0;
    const walTimer = setInterval(() => (maxWal = Math.max(maxWal, walBytes(dir))), 250);
    const started = Date.now();
    const result = await autocannon({
      url: product.url,
      connections: CONNECTIONS,
      duration: DURATION_S,
      timeout: 30,
      headers: { cookie, origin: product.url },
      requests: loadMix({ terms, ids, subs, samples }),
    } as unknown as Parameters<typeof autocannon>[0]);
    const seconds = (Date.now() - started) / 1000;
    // autocannon stops at the deadline without waiting for answers in flight; the server finishes
    // those actions (up to an upstream timeout) before "nothing left requested" can be judged.
    await waitFor('actions in flight to settle', () => withDb(dir, unsettled).length === 0, 60_000, 250).catch(() => undefined);
    clearInterval(walTimer);

    const byKind = (k: Kind) => samples.filter((s) => s.kind === k);
    const latency = (k?: Kind) => latencyOf(samples, k);
    const statuses = (k: Kind) => statusesOf(samples, k);
    const actionsOk = byKind('action').filter((s) => s.status >= 200 && s.status < 300);

    // Every acknowledged action, by its request id, has its `succeeded` entry.
    const succeeded = new Set(
      withDb(
        dir,
        (db) =>
          db.prepare("SELECT request_id FROM audit_events WHERE action = 'centra.subscription.status' AND outcome = 'succeeded'").pluck().all() as string[],
      ),
    );
    const missing = actionsOk.filter((s) => !s.requestId || !succeeded.has(s.requestId));
    const pending = withDb(dir, unsettled);
    const fivexx = samples.filter((s) => s.status >= 500).length;
    // Why actions failed, as the audit log tells it (stage and kind of the upstream error).
    const failureReasons = withDb(dir, (db) =>
      db
        .prepare(`SELECT coalesce(json_extract(error, '$.stage'), 'upstream') || ': ' || coalesce(json_extract(error, '$.kind'), json_extract(error, '$.code'), substr(json_extract(error, '$.message'), 1, 80), 'unknown') AS reason, count(*) AS n
      FROM audit_events WHERE action = 'centra.subscription.status' AND outcome = 'failed' GROUP BY reason ORDER BY n DESC`)
        .all(),
    );

    const figures = {
      connections: CONNECTIONS,
      seconds: Math.round(seconds),
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      status5xx: fivexx,
      latencyMs: { all: latency(), search: latency('search'), customer: latency('customer'), action: latency('action') },
      autocannonLatencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      statuses: { search: statuses('search'), customer: statuses('customer'), action: statuses('action') },
      actions: {
        sent: byKind('action').length,
        acknowledged: actionsOk.length,
        auditedSucceeded: succeeded.size,
        acknowledgedMissingFromAudit: missing.length,
      },
      unsettledRequested: pending.length,
      failedActionReasons: failureReasons,
      maxWalMiB: Math.round((maxWal / 1024 / 1024) * 10) / 10,
    };
    recordResults('load', figures);

    expect(fivexx, JSON.stringify(figures.statuses)).toBe(0);
    expect(result.errors + result.timeouts).toBe(0);
    expect(samples.length).toBe(result.requests.total);
    expect(actionsOk.length).toBeGreaterThan(100);
    expect(missing).toEqual([]);
    expect(pending).toEqual([]);
    // Checkpoints keep the WAL from growing with the run.
    expect(maxWal).toBeLessThan(64 * 1024 * 1024);
  });

  it('after the load: the file is sound and the chain verifies', async () => {
    expect(integrity(dir)).toBe('ok');
    const verified = await verifyChain(product);
    expect(verified).toMatchObject({ ok: true, firstBad: null });
    recordResults('loadVerify', { checked: verified.checked });
  });

  it('audit tampering, on the database this load wrote: every case is caught at its first bad entry', async () => {
    // A clean shutdown signs a final checkpoint; then the file is copied per case.
    await product.stop('SIGTERM');
    const scratch = mkdtempSync(join(tmpdir(), 'subdesk-tamper-'));
    try {
      const { clean, outcomes } = await runTamperCases(dir, scratch);
      expect(clean).toMatchObject({ ok: true, firstBad: null });
      const report = outcomes.map((o) => ({
        case: o.name,
        firstBad: o.result.firstBad,
        expected: o.expectedFirstBad,
        ok: o.result.ok,
        reason: o.result.reason,
      }));
      recordResults('tamper', { entries: clean.checked, checkpoints: clean.checkpoints, cases: report });
      for (const o of outcomes) {
        expect(o.result.ok, o.name).toBe(false);
        expect(o.result.firstBad, `${o.name}: ${o.result.reason}`).toBe(o.expectedFirstBad);
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
