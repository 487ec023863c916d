import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startProduct, type RunningProduct } from '../../bench/lib/product.ts';
import { api, integrity, login, sleep, unsettled, verifyChain, waitFor, waitForCrawl, withDb } from './lib/product-checks.ts';
import { ensureSpaBuilt, sandboxStatuses, togglableSubscriptions, type KnownSubscription } from './lib/workload.ts';
import { recordResults } from './lib/results.ts';

/**
 * Crash: a stream of Centra status changes (8 workers, each toggling its own subscriptions) while
 * the product is killed with SIGKILL at a random moment, ten times. After each restart on the same
 * data directory (subdesk's and the sandbox's databases both persist there):
 * - the file is sound and the audit chain verifies;
 * - every acknowledged (2xx) action has its `succeeded` entry;
 * - no `requested` entry is left without an outcome (start-up reconciliation settled them);
 * - the sandbox agrees with the log: each subscription's status is the one its last `succeeded`
 *   status entry asked for (or its starting status when it has none).
 */
const PORT = 3831;
const RUNS = 10;
const WORKERS = 8;
const SUBS_PER_WORKER = 2;

let dir: string;
let product: RunningProduct | undefined;

const start = () =>
  startProduct({ port: PORT, dataDir: dir, env: { SANDBOX_CUSTOMERS: '400', SYNC_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error', UPSTREAM_TIMEOUT_MS: '3000' } });

beforeAll(async () => {
  ensureSpaBuilt();
  dir = mkdtempSync(join(tmpdir(), 'subdesk-crash-'));
  product = await start();
  await waitForCrawl(product);
}, 300_000);
afterAll(async () => {
  await product?.stop('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type Sent = { requestId: string | null; status: number | 'no answer'; sub: number };

/** Each worker toggles its subscriptions until its requests start failing (the kill). */
async function stream(p: RunningProduct, cookie: string, owned: KnownSubscription[][], sent: Sent[], stop: { killed: boolean }) {
  await Promise.all(
    owned.map(async (mine) => {
      for (let i = 0; !stop.killed; i++) {
        const sub = mine[i % mine.length]!;
        const wanted = sub.status === 'active' ? 'paused' : 'active';
        try {
          const res = await api(p, cookie, 'POST', `/api/centra-subscriptions/${sub.id}/status`, {
            status: wanted,
            reason: { code: 'customer_request', text: `crash test ${i}` },
          });
          await res.text();
          sent.push({ requestId: res.headers.get('x-request-id'), status: res.status, sub: sub.id });
          if (res.status === 200) sub.status = wanted;
        } catch {
          sent.push({ requestId: null, status: 'no answer', sub: sub.id });
          return;
        }
      }
    }),
  );
}

/** The status the log says each subscription should have: its last `succeeded` status change. */
function statusByLog(ids: number[]): Map<number, string> {
  // A settlement written by start-up reconciliation carries {reconciledSeq} as its request: what was
  // asked for is in the `requested` entry of the same request id.
  const rows = withDb(dir, (db) =>
    db
      .prepare(`SELECT s.target_id, r.request FROM audit_events s
    JOIN audit_events r ON r.request_id = s.request_id AND r.action = s.action AND r.outcome = 'requested'
    WHERE s.action = 'centra.subscription.status' AND s.outcome = 'succeeded' ORDER BY s.seq`)
      .all(),
  ) as { target_id: string; request: string }[];
  const out = new Map<number, string>();
  for (const r of rows) {
    const id = Number(r.target_id);
    if (ids.includes(id)) out.set(id, (JSON.parse(r.request) as { status: string }).status);
  }
  return out;
}

describe('crash', () => {
  it(`SIGKILL at random moments during a stream of actions, ${RUNS} times: nothing acknowledged is lost, nothing left unsettled`, async () => {
    const subs = togglableSubscriptions(dir, WORKERS * SUBS_PER_WORKER);
    expect(subs.length).toBe(WORKERS * SUBS_PER_WORKER);
    const ids = subs.map((s) => s.id);
    const initial = new Map(subs.map((s) => [s.id, s.status as string]));
    const runs: { killAfterMs: number; sent: number; acknowledged: number; noAnswer: number; settledByReconciliation: number; restartMs: number }[] = [];

    for (let run = 1; run <= RUNS; run++) {
      const p = product!;
      // The sandbox is the truth about where each subscription is now.
      const now = sandboxStatuses(dir, ids);
      const owned = Array.from({ length: WORKERS }, (_, w) =>
        subs.slice(w * SUBS_PER_WORKER, (w + 1) * SUBS_PER_WORKER).map((s) => ({ id: s.id, status: now.get(s.id) as KnownSubscription['status'] })),
      );
      const cookie = await login(p, 'support');
      const sent: Sent[] = [];
      const stop = { killed: false };
      const streaming = stream(p, cookie, owned, sent, stop);
      const killAfterMs = 200 + Math.floor(Math.random() * 1800);
      await sleep(killAfterMs);
      stop.killed = true;
      await p.stop('SIGKILL');
      product = undefined;
      await streaming;
      const systemBefore = withDb(
        dir,
        (db) => db.prepare("SELECT count(*) FROM audit_events WHERE actor_type = 'system' AND action LIKE 'centra.%'").pluck().get() as number,
      );

      const restarted = Date.now();
      product = await start();
      await login(product, 'auditor');
      const restartMs = Date.now() - restarted;
      // Reconciliation runs before the server takes requests; wait for it anyway, bounded.
      await waitFor('every requested entry settled', () => withDb(dir, unsettled).length === 0, 30_000, 200).catch(() => undefined);

      const label = `run ${run} (killed after ${killAfterMs} ms)`;
      expect(integrity(dir), label).toBe('ok');
      expect(await verifyChain(product), label).toMatchObject({ ok: true, firstBad: null });
      const acknowledged = sent.filter((s) => s.status === 200);
      const succeeded = new Set(
        withDb(
          dir,
          (db) =>
            db.prepare("SELECT request_id FROM audit_events WHERE action = 'centra.subscription.status' AND outcome = 'succeeded'").pluck().all() as string[],
        ),
      );
      expect(
        acknowledged.filter((s) => !s.requestId || !succeeded.has(s.requestId)),
        `${label}: acknowledged but not in the log`,
      ).toEqual([]);
      expect(withDb(dir, unsettled), `${label}: requested without outcome`).toEqual([]);
      expect(
        sent.filter((s) => typeof s.status === 'number' && s.status >= 500),
        `${label}: 5xx before the kill`,
      ).toEqual([]);
      const byLog = statusByLog(ids);
      const sandbox = sandboxStatuses(dir, ids);
      // On a disagreement, the subscription's whole story in the log goes into the message.
      const story = (id: number) =>
        withDb(dir, (db) =>
          db
            .prepare(
              "SELECT seq, actor_type, outcome, json_extract(request, '$.status') AS wanted, substr(coalesce(error, ''), 1, 160) AS error FROM audit_events WHERE action = 'centra.subscription.status' AND target_id = ? ORDER BY seq",
            )
            .all(String(id)),
        );
      const disagreements = ids
        .filter((id) => (byLog.get(id) ?? initial.get(id)) !== sandbox.get(id))
        .map((id) => `${id}: log ${byLog.get(id) ?? `(start) ${initial.get(id)}`}, sandbox ${sandbox.get(id)}; entries ${JSON.stringify(story(id))}`);
      expect(disagreements, `${label}: sandbox and log disagree`).toEqual([]);
      const systemAfter = withDb(
        dir,
        (db) => db.prepare("SELECT count(*) FROM audit_events WHERE actor_type = 'system' AND action LIKE 'centra.%'").pluck().get() as number,
      );
      runs.push({
        killAfterMs,
        sent: sent.length,
        acknowledged: acknowledged.length,
        noAnswer: sent.filter((s) => s.status === 'no answer').length,
        settledByReconciliation: systemAfter - systemBefore,
        restartMs,
      });
    }

    const total = (k: 'sent' | 'acknowledged' | 'noAnswer' | 'settledByReconciliation') => runs.reduce((a, r) => a + r[k], 0);
    recordResults('crash', {
      runs: runs.length,
      actionsSent: total('sent'),
      acknowledged: total('acknowledged'),
      inFlightAtKill: total('noAnswer'),
      settledByReconciliation: total('settledByReconciliation'),
      lostAcknowledged: 0,
      maxRestartMs: Math.max(...runs.map((r) => r.restartMs)),
      perRun: runs,
    });
    expect(runs.length).toBe(RUNS);
    expect(total('acknowledged')).toBeGreaterThan(RUNS);
  });
});
