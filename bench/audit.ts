import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { generateAuditLog, BENCH_ACTIONS, BENCH_ACTORS } from './lib/audit-generate.ts';
import { auditBenchApp } from './lib/audit-app.ts';
import { AuditLog } from '../server/audit/log.ts';
import { runAction } from '../server/audit/action.ts';
import { verifyAuditLog } from '../server/audit/store/sqlite-verify.ts';
import { loadOrCreateSigningKey, loadVerifier } from '../server/audit/signing.ts';
import { summarize, round } from './lib/stats.ts';
import { formatTable, machine, summaryLine, type BenchResult, type Metric } from './lib/report.ts';

export type AuditBenchOptions = {
  /** Entries in the big log (default 10,000,000; env AUDIT_BENCH_ENTRIES or `--entries=N`). */
  entries?: number;
  /** Entries exported and verified (default 1,000,000, capped at `entries`). */
  slice?: number;
  /** Requests per page shape (default 200). */
  pageRequests?: number;
  /** Actions appended through runAction (default 10,000, two entries each). */
  appendActions?: number;
  dir?: string;
  log?: (line: string) => void;
};

const here = fileURLToPath(new URL('.', import.meta.url));

/** A deterministic stream of pseudo-random numbers so two runs ask the same pages. */
function rng(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
}

async function timePages(app: ReturnType<typeof auditBenchApp>['app'], urls: string[]) {
  const samples: number[] = [];
  let rows = 0;
  for (const url of urls) {
    const t = performance.now();
    const res = await app.request(url);
    const body = (await res.json()) as unknown[];
    samples.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${JSON.stringify(body)}`);
    rows += body.length;
  }
  return { ...summarize(samples), avgRows: rows / urls.length };
}

const q = (filter: unknown, range = [0, 24]) =>
  `/api/audit-events?sort=${encodeURIComponent('["seq","DESC"]')}&range=${encodeURIComponent(JSON.stringify(range))}&filter=${encodeURIComponent(JSON.stringify(filter))}`;

/** Export in a child process over loopback HTTP; returns seconds, bytes and the child's peak RSS. */
async function measureExport(dbPath: string, keyPath: string, filter: unknown, format: 'csv' | 'json') {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'lib/audit-export-child.ts'), dbPath, keyPath], {
    cwd: resolve(here, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((res, rej) => {
      createInterface({ input: child.stdout! }).once('line', (l) => res((JSON.parse(l) as { port: number }).port));
      child.once('exit', (code) => rej(new Error(`export child exited ${code}`)));
    });
    const t = performance.now();
    const res = await fetch(`http://127.0.0.1:${port}/api/audit-events/export?format=${format}&filter=${encodeURIComponent(JSON.stringify(filter))}`);
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) lines++;
    }
    const seconds = (performance.now() - t) / 1000;
    const { maxRssBytes } = (await (await fetch(`http://127.0.0.1:${port}/rss`)).json()) as { maxRssBytes: number };
    return { seconds, bytes, lines, maxRssMiB: maxRssBytes / 2 ** 20, disposition: res.headers.get('content-disposition') };
  } finally {
    child.kill('SIGTERM');
  }
}

export async function runAuditBench(opts: AuditBenchOptions = {}): Promise<BenchResult> {
  const log = opts.log ?? ((l: string) => console.error(l));
  const entries = opts.entries ?? Number(process.env.AUDIT_BENCH_ENTRIES ?? 10_000_000);
  const slice = Math.min(entries, opts.slice ?? Number(process.env.AUDIT_BENCH_SLICE ?? 1_000_000));
  const pageRequests = opts.pageRequests ?? 200;
  const appendActions = opts.appendActions ?? Number(process.env.AUDIT_BENCH_APPENDS ?? 10_000);
  const dir = resolve(opts.dir ?? join(here, 'data', 'audit'));
  mkdirSync(dir, { recursive: true });
  const metrics: Metric[] = [];

  // 1. The big log.
  log(`generating ${entries.toLocaleString('en-US')} audit entries`);
  const big = generateAuditLog({
    path: join(dir, 'audit-big.db'),
    keyPath: join(dir, 'audit-big.pem'),
    entries,
    log,
    reuse: process.env.AUDIT_BENCH_FRESH !== '1',
  });
  log(`  done in ${big.seconds.toFixed(0)} s`);
  if (big.seconds > 0)
    metrics.push({ name: 'generate entries/s', value: round(entries / big.seconds, 0), unit: 'entries/s', note: 'bulk load, indexes built after' });

  // 2. Filtered pages, through the real route (validation, query, count, JSON).
  const { app } = auditBenchApp(big.db, big.keyPath);
  const random = rng(7);
  const t0 = Date.parse(big.firstTime);
  const t1 = Date.parse(big.lastTime);
  const week = 7 * 86_400_000;
  const actorTime = Array.from({ length: pageRequests }, () => {
    const from = t0 + random() * Math.max(0, t1 - t0 - week);
    return q({
      actorId: String(1 + Math.floor(random() * BENCH_ACTORS)),
      time_gte: new Date(from).toISOString(),
      time_lte: new Date(from + week).toISOString(),
    });
  });
  const actionOutcome = Array.from({ length: pageRequests }, () =>
    q({ action: BENCH_ACTIONS[Math.floor(random() * BENCH_ACTIONS.length)], outcome: random() < 0.5 ? 'failed' : 'succeeded' }),
  );
  const customer = Array.from({ length: pageRequests }, () => q({ customerId: `cus_${Math.floor(random() * 1_000_000)}` }));
  const unfiltered = Array.from({ length: Math.min(50, pageRequests) }, () => q({}));
  await timePages(app, actorTime.slice(0, 10)); // warm the statement cache
  for (const [name, urls, target] of [
    ['page actor+time', actorTime, 50],
    ['page action+outcome', actionOutcome, 50],
    ['page customer (History tab)', customer, undefined],
    ['page unfiltered', unfiltered, undefined],
  ] as const) {
    const s = await timePages(app, [...urls]);
    log(`  ${name}: p50 ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, ${s.avgRows.toFixed(1)} rows/page`);
    metrics.push({ name: `${name} p50`, value: round(s.p50), unit: 'ms' });
    metrics.push({ name: `${name} p95`, value: round(s.p95), unit: 'ms', ...(target ? { target: { op: '<=' as const, value: target } } : {}) });
  }

  // 3. Export the newest `slice` entries (a time filter), in its own process.
  const fromTime = big.db.$client
    .prepare('SELECT time FROM audit_events WHERE seq = ?')
    .pluck()
    .get(entries - slice + 1) as string;
  log(`exporting ${slice.toLocaleString('en-US')} entries as CSV (child process)`);
  const exp = await measureExport(big.path, big.keyPath, { time_gte: fromTime }, 'csv');
  log(`  ${exp.lines - 1} rows, ${(exp.bytes / 2 ** 20).toFixed(0)} MiB in ${exp.seconds.toFixed(1)} s, peak RSS ${exp.maxRssMiB.toFixed(0)} MiB`);
  metrics.push({
    name: `export ${slice.toLocaleString('en-US')} CSV`,
    value: round(exp.seconds),
    unit: 's',
    target: slice >= 1_000_000 ? { op: '<=', value: 15 } : undefined,
  });
  metrics.push({ name: 'export peak RSS', value: round(exp.maxRssMiB, 0), unit: 'MiB', target: { op: '<=', value: 200 } });

  // 4. Appends through the action helper, durable (WAL, synchronous=FULL), on the big log.
  const signed = new AuditLog(big.db, () => new Date(), { signer: loadOrCreateSigningKey(big.keyPath), checkpointEvery: 1000 });
  log(`appending ${appendActions.toLocaleString('en-US')} actions (2 entries each) through runAction, 64 concurrent`);
  const concurrency = 64;
  let next = 0;
  const ta = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < appendActions) {
        const i = next++;
        await runAction(
          { requestId: `bench-${i}`, actor: { type: 'staff', id: '1', email: 'staff1@example.com', role: 'support' }, ip: '127.0.0.1' },
          { audit: signed },
          {
            action: 'centra.subscription.status',
            target: { type: 'centra-subscription', id: String(i) },
            customerId: `cus_${i}`,
            request: { status: 'paused' },
            perform: async () => ({ status: 'paused' }),
          },
        );
      }
    }),
  );
  const appendSeconds = (performance.now() - ta) / 1000;
  const perSecond = (appendActions * 2) / appendSeconds;
  log(`  ${perSecond.toFixed(0)} entries/s`);
  metrics.push({ name: 'durable appends via runAction', value: round(perSecond, 0), unit: 'entries/s', target: { op: '>=', value: 5000 } });
  const sequential = Math.min(3000, appendActions);
  const ts = performance.now();
  for (let i = 0; i < sequential; i++) signed.record({ requestId: `seq-${i}`, actor: { type: 'system' }, action: 'bench.record', outcome: 'succeeded' });
  metrics.push({
    name: 'durable record() one at a time',
    value: round(sequential / ((performance.now() - ts) / 1000), 0),
    unit: 'entries/s',
    note: 'one fsync per entry',
  });
  big.db.$client.close();

  // 5. Verify a log of `slice` entries.
  log(`generating and verifying ${slice.toLocaleString('en-US')} entries`);
  const small = generateAuditLog({ path: join(dir, 'audit-verify.db'), keyPath: join(dir, 'audit-verify.pem'), entries: slice });
  const tv = performance.now();
  const result = await verifyAuditLog(small.db, loadVerifier(small.keyPath));
  const verifySeconds = (performance.now() - tv) / 1000;
  small.db.$client.close();
  if (!result.ok) throw new Error(`verify failed on generated data: ${result.reason}`);
  log(`  verified ${result.checked} entries in ${verifySeconds.toFixed(1)} s`);
  metrics.push({
    name: `verify ${slice.toLocaleString('en-US')}`,
    value: round(verifySeconds),
    unit: 's',
    target: slice >= 1_000_000 ? { op: '<=', value: 10 } : undefined,
  });

  return {
    bench: 'audit',
    setup: `${entries.toLocaleString('en-US')} entries (${BENCH_ACTORS} actors, ${BENCH_ACTIONS.length} actions, 90 days); export/verify ${slice.toLocaleString('en-US')}; ${appendActions.toLocaleString('en-US')} actions appended`,
    metrics,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = process.argv.find((a) => a.startsWith('--entries='));
  const info = machine();
  console.log(`Machine: ${info.cores} cores (${info.cpu}), ${info.memoryGiB} GiB, Node ${info.node}`);
  runAuditBench({ entries: arg ? Number(arg.split('=')[1]) : undefined }).then(
    (r) => {
      console.log('\n' + formatTable([r]) + '\n');
      console.log(summaryLine(r));
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
