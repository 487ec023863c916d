import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { createSandbox } from '../server/sandbox/index.ts';
import { DELIVERIES_IN_FLIGHT } from '../server/sandbox/gigs/webhooks/sender.ts';
import { seededSize } from './crawl.ts';
import { benchDir } from './lib/search-fixture.ts';
import { BENCH_DEMO_PASSWORD, BENCH_SIGN_IN_ENV, createStaff, loginAt, waitForFirstCrawl } from './lib/product.ts';
import { percentile, round } from './lib/stats.ts';
import type { BenchResult } from './lib/report.ts';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

type User = { id: string; email: string };
type Upstream = { child: ChildProcess; url: string; credentials: { gigsProject: string; gigsApiKey: string; gigsWebhookSecret: string; centraApiKey: string } };

/**
 * The Gigs change feed at BENCH_CUSTOMERS (default a million; the sandbox and index in bench/data
 * are reused, copied so that the changes made here do not touch them). Emulators and subdesk run
 * in their own processes; the sandbox delivers its webhooks to subdesk over loopback.
 *
 * 1. Latency: CHANGES (1,000) renames made in the Gigs sandbox one every CHANGE_EVERY_MS (100 ms),
 *    each timed from the request that makes it until subdesk's search finds the new name.
 * 2. Burst: 10,000 signed deliveries (user.updated, new names) sent at once by another process
 *    with SENDERS in flight (BENCH_FEEDS_SENDERS; by default as many as the sandbox's emitter
 *    keeps in flight, 32: Svix documents no limit per endpoint), each sender posting its next
 *    delivery when the last is answered: the rate they are accepted at, their answer time, how
 *    long until all are applied (read from the inbox in subdesk's database, so that watching does
 *    not load the server), and the search p95 meanwhile (SEARCHERS agents, 2, each searching
 *    every 100 ms all along: a busy desk).
 * 3. Centra: CENTRA_CHANGES (20) renames made in the Centra sandbox one every 3 s (its test
 *    control, as a change in Centra's admin would be), each timed until search finds the new name:
 *    Centra's Events are polled every CENTRA_EVENTS_INTERVAL_SECONDS (60), so the aim is 70 s.
 * 4. Idle: subdesk's CPU time over BENCH_FEEDS_IDLE_SECONDS (600) with the feeds on and nothing changing.
 */
export async function runFeedsBench(): Promise<BenchResult> {
  const customers = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
  const changes = Number(process.env.BENCH_FEEDS_CHANGES ?? 1_000);
  const burstSize = Number(process.env.BENCH_FEEDS_BURST ?? 10_000);
  const idleSeconds = Number(process.env.BENCH_FEEDS_IDLE_SECONDS ?? 600);
  const changeEveryMs = Number(process.env.BENCH_FEEDS_CHANGE_EVERY_MS ?? 100);
  const centraChanges = Number(process.env.BENCH_FEEDS_CENTRA_CHANGES ?? 20);
  const senders = Number(process.env.BENCH_FEEDS_SENDERS ?? DELIVERIES_IN_FLIGHT);
  const port = Number(process.env.BENCH_FEEDS_PORT ?? 3971);
  const log = (l: string) => console.error(l);

  const dir = benchDir(customers);
  mkdirSync(dir, { recursive: true });
  const cachedSandbox = join(dir, 'sandbox.db');
  if (seededSize(cachedSandbox) !== customers) {
    for (const s of ['', '-wal', '-shm']) rmSync(cachedSandbox + s, { force: true });
    log(`seeding the sandbox with ${customers.toLocaleString('en-US')} customers (kept in ${dir})`);
    createSandbox({ dbPath: cachedSandbox, customers, publicUrl: 'http://127.0.0.1' }).close();
  }
  // BENCH_FEEDS_WORK_DIR: where the copies this run changes live (default beside the cached data).
  const work = process.env.BENCH_FEEDS_WORK_DIR ?? join(dir, 'feeds');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  copyDb(cachedSandbox, join(work, 'sandbox.db'));
  // The crawl bench's index, when there is one: the start-up crawl is then an incremental one.
  if (existsSync(join(dir, 'subdesk.db'))) copyDb(join(dir, 'subdesk.db'), join(work, 'subdesk.db'));

  const url = `http://127.0.0.1:${port}`;
  const upstream = await startUpstream(join(work, 'sandbox.db'), customers, port + 1, `${url}/webhooks/gigs`);
  let subdesk: ChildProcess | undefined;
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_PATH: join(work, 'subdesk.db'),
      PUBLIC_URL: url,
      LOG_LEVEL: 'warn',
      UPSTREAM_TIMEOUT_MS: '60000',
      GIGS_API_URL: `${upstream.url}/sandbox/gigs`,
      GIGS_PROJECT: upstream.credentials.gigsProject,
      GIGS_API_KEY: upstream.credentials.gigsApiKey,
      GIGS_WEBHOOK_SECRET: upstream.credentials.gigsWebhookSecret,
      CENTRA_SHOP_API_URL: `${upstream.url}/sandbox/centra/api/shop`,
      CENTRA_ORDER_API_URL: `${upstream.url}/sandbox/centra/api/order`,
      CENTRA_API_KEY: upstream.credentials.centraApiKey,
      CENTRA_INTEGRATION_API_URL: `${upstream.url}/sandbox/centra/graphql`,
      CENTRA_INTEGRATION_API_TOKEN: upstream.credentials.centraApiKey,
    };
    delete env.SYNC_INTERVAL_SECONDS;
    Object.assign(env, BENCH_SIGN_IN_ENV);
    await createStaff(env);
    subdesk = await startSubdesk(env, url);
    log('waiting for the start-up crawl');
    await waitForFirstCrawl(url, Date.now() + 1_800_000);
    const cookie = await loginAt(url, 'support', BENCH_DEMO_PASSWORD);
    const users = await gigsUsers(upstream, changes + burstSize + 200);
    if (users.length < changes + burstSize) throw new Error(`the sandbox has ${users.length} users; ${changes + burstSize} are needed`);
    const found = (name: string, email: string) => searchFinds(url, cookie, name, email);

    log(`1. ${changes} changes in the Gigs sandbox, one every ${changeEveryMs} ms`);
    const latencies: number[] = [];
    let missed = 0;
    await Promise.all(
      users.slice(0, changes).map(async (u, i) => {
        await sleep(i * changeEveryMs);
        const name = `${nameToken('Lat', i)} Feedbench`;
        const started = performance.now();
        await control(upstream, 'PATCH', `/_sandbox/users/${u.id}`, { fullName: name });
        for (;;) {
          if (await found(name, u.email)) return void latencies.push(performance.now() - started);
          if (performance.now() - started > 30_000) return void missed++;
          await sleep(20);
        }
      }),
    );
    log(`   p50 ${percentile(latencies, 50).toFixed(0)} ms, p95 ${percentile(latencies, 95).toFixed(0)} ms, not found within 30 s: ${missed}`);

    log(`2. a burst of ${burstSize} deliveries, ${senders} in flight`);
    const burstUsers = users.slice(changes, changes + burstSize);
    const time = new Date().toISOString();
    const bodies = burstUsers.map((u, i) =>
      JSON.stringify({
        object: 'event',
        id: `evt_burst_${i}`,
        type: 'com.gigs.user.updated',
        time,
        data: { object: 'user', id: u.id, email: u.email, fullName: `${nameToken('Bur', i)} Feedbench`, status: 'active' },
      }),
    );
    const searches: number[] = [];
    let searching = true;
    const queries = users.slice(0, changes).map((u, i) => (i % 2 ? u.email : `${nameToken('Lat', i)}`));
    const searchers = Number(process.env.BENCH_FEEDS_SEARCHERS ?? 2);
    const searchLoop = async (k: number) => {
      for (let n = k; searching; n += searchers) {
        const started = performance.now();
        await fetch(
          `${url}/api/customers?filter=${encodeURIComponent(JSON.stringify({ q: queries[n % queries.length] }))}&range=${encodeURIComponent('[0,24]')}`,
          { headers: { cookie } },
        ).then((r) => r.arrayBuffer());
        searches.push(performance.now() - started);
        await sleep(100);
      }
    };
    const searching_ = Array.from({ length: searchers }, (_, k) => searchLoop(k));
    await sleep(1000);
    const burstStarted = performance.now();
    const burstCpuBefore = cpuSecondsOf(subdesk.pid!);
    const burst = await runBurst(join(work, 'burst.json'), {
      url: `${url}/webhooks/gigs`,
      secret: upstream.credentials.gigsWebhookSecret,
      bodies,
      concurrency: senders,
    });
    // Watched in the database file (WAL: reading never holds up the server's writes), not through
    // /api/status, whose index counts would cost the server the very time measured here.
    const inbox = new Database(env.DATABASE_PATH!, { readonly: true });
    const backlog = inbox.prepare("SELECT count(*) FROM feed_inbox WHERE feed = 'gigs' AND applied_at IS NULL").pluck();
    while ((backlog.get() as number) > 0) await sleep(50);
    inbox.close();
    const appliedSeconds = (performance.now() - burstStarted) / 1000;
    const burstCpu = cpuSecondsOf(subdesk.pid!) - burstCpuBefore;
    searching = false;
    await Promise.all(searching_);
    const accepted = burst.statuses[204] ?? 0;
    const spot = await Promise.all(
      burstUsers.filter((_, i) => i % Math.ceil(burstSize / 25) === 0).map((u) => found(`${nameToken('Bur', burstUsers.indexOf(u))} Feedbench`, u.email)),
    );
    log(
      `   accepted ${accepted} in ${burst.seconds.toFixed(1)} s (${(accepted / burst.seconds).toFixed(0)}/s), all applied after ${appliedSeconds.toFixed(1)} s; search p95 ${percentile(searches, 95).toFixed(1)} ms; subdesk CPU ${burstCpu.toFixed(1)} s; spot checks found ${spot.filter(Boolean).length}/${spot.length}`,
    );

    log(`3. ${centraChanges} changes in the Centra sandbox, one every 3 s`);
    const centraLatencies: number[] = [];
    let centraMissed = 0;
    const centraPeople = await centraCustomers(upstream, centraChanges);
    await Promise.all(
      centraPeople.map(async (p, i) => {
        await sleep(i * 3000);
        const lastName = `${nameToken('Cen', i)} Feedbench`;
        const started = performance.now();
        await centraControl(upstream, 'PATCH', `/_sandbox/customers/${p.id}`, { lastName });
        for (;;) {
          if (await found(lastName, p.email)) return void centraLatencies.push(performance.now() - started);
          if (performance.now() - started > 180_000) return void centraMissed++;
          await sleep(250);
        }
      }),
    );
    log(
      `   p50 ${percentile(centraLatencies, 50).toFixed(0)} ms, p95 ${percentile(centraLatencies, 95).toFixed(0)} ms, not found within 180 s: ${centraMissed}`,
    );

    log(`4. ${idleSeconds} s with nothing changing`);
    const cpuBefore = cpuSecondsOf(subdesk.pid!);
    await sleep(idleSeconds * 1000);
    const idleCpu = cpuSecondsOf(subdesk.pid!) - cpuBefore;
    log(`   subdesk CPU ${idleCpu.toFixed(2)} s`);

    return {
      bench: 'feeds',
      setup: `Gigs webhooks and Centra's Events at ${customers.toLocaleString('en-US')} customers (emulators and subdesk in their own processes): ${changes} Gigs renames one every ${changeEveryMs} ms, a burst of ${burstSize} deliveries (${senders} in flight), ${centraChanges} Centra renames one every 3 s, ${idleSeconds} s idle`,
      metrics: [
        { name: 'change in the sandbox → found by search: p50', value: round(percentile(latencies, 50), 0), unit: 'ms' },
        { name: 'change in the sandbox → found by search: p95', value: round(percentile(latencies, 95), 0), unit: 'ms', target: { op: '<=', value: 2000 } },
        { name: 'changes not found within 30 s', value: missed, unit: 'changes', target: { op: '<=', value: 0 } },
        { name: 'burst: deliveries accepted per second', value: round(accepted / burst.seconds, 0), unit: '/s', target: { op: '>=', value: 2000 } },
        { name: 'burst: deliveries refused or failed', value: burstSize - accepted, unit: 'deliveries', target: { op: '<=', value: 0 } },
        { name: 'burst: answer time p95', value: round(percentile(burst.latenciesMs, 95), 1), unit: 'ms', target: { op: '<=', value: 50 } },
        { name: 'burst: all applied after', value: round(appliedSeconds, 1), unit: 's' },
        { name: 'burst: subdesk CPU time, accepting and applying all', value: round(burstCpu, 1), unit: 's' },
        { name: 'burst: search p95 meanwhile', value: round(percentile(searches, 95), 1), unit: 'ms', target: { op: '<=', value: 50 } },
        {
          name: 'Centra: change in the sandbox → found by search: p95',
          value: round(percentile(centraLatencies, 95), 0),
          unit: 'ms',
          target: { op: '<=', value: 70_000 },
        },
        { name: 'Centra: changes not found within 180 s', value: centraMissed, unit: 'changes', target: { op: '<=', value: 0 } },
        {
          name: `subdesk CPU over ${idleSeconds} s with nothing changing`,
          value: round(idleCpu, 2),
          unit: 's',
          target: { op: '<=', value: (10 * idleSeconds) / 600 },
        },
      ],
    };
  } finally {
    if (subdesk && subdesk.exitCode === null) {
      const exited = new Promise((r) => subdesk!.once('exit', r));
      subdesk.kill('SIGTERM');
      await exited;
    }
    upstream.child.kill('SIGTERM');
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A name word only this change has: letters only (search splits on digits). */
function nameToken(prefix: string, i: number) {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return `${prefix}${s.padStart(4, 'a')}q`;
}

function copyDb(from: string, to: string) {
  for (const s of ['', '-wal']) if (existsSync(from + s)) copyFileSync(from + s, to + s);
}

function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

async function searchFinds(url: string, cookie: string, q: string, email: string): Promise<boolean> {
  const res = await fetch(`${url}/api/customers?filter=${encodeURIComponent(JSON.stringify({ q }))}&range=${encodeURIComponent('[0,24]')}`, {
    headers: { cookie },
  });
  const rows = (await res.json()) as { email: string | null }[];
  return rows.some((r) => r.email?.toLowerCase() === email.toLowerCase());
}

async function control(upstream: Upstream, method: string, path: string, body: unknown) {
  const res = await fetch(`${upstream.url}/sandbox/gigs${path}`, {
    method,
    headers: { authorization: `Bearer ${upstream.credentials.gigsApiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

async function centraControl(upstream: Upstream, method: string, path: string, body: unknown) {
  const res = await fetch(`${upstream.url}/sandbox/centra${path}`, {
    method,
    headers: { 'api-authorization': upstream.credentials.centraApiKey, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

/** Centra customers with an e-mail, from the Order API's list (the first page is enough). */
async function centraCustomers(upstream: Upstream, count: number): Promise<{ id: number; email: string }[]> {
  const res = await fetch(`${upstream.url}/sandbox/centra/api/order/customers?limit=${Math.min(100, count * 2)}`, {
    headers: { 'api-authorization': upstream.credentials.centraApiKey },
  });
  const page = (await res.json()) as { customers: { customerId?: number; id?: number; email?: string }[] };
  return page.customers
    .filter((c) => c.email)
    .slice(0, count)
    .map((c) => ({ id: Number(c.customerId ?? c.id), email: c.email! }));
}

async function gigsUsers(upstream: Upstream, count: number): Promise<User[]> {
  const users: User[] = [];
  let after: string | null = null;
  while (users.length < count) {
    const res = await fetch(`${upstream.url}/sandbox/gigs/projects/${upstream.credentials.gigsProject}/users?limit=200${after ? `&after=${after}` : ''}`, {
      headers: { authorization: `Bearer ${upstream.credentials.gigsApiKey}` },
    });
    const page = (await res.json()) as { items: (User & { status: string })[]; moreItemsAfter: string | null };
    users.push(...page.items.filter((u) => u.status === 'active'));
    if (!page.moreItemsAfter) break;
    after = page.moreItemsAfter;
  }
  return users;
}

function startUpstream(dbPath: string, customers: number, port: number, webhookUrl: string): Promise<Upstream> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/feeds-upstream-child.ts', dbPath, String(customers), String(port), webhookUrl], {
    cwd: repo,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) {
        const ready = JSON.parse(line.slice(6)) as { port: number; credentials: Upstream['credentials'] };
        ok({ child, url: `http://127.0.0.1:${ready.port}`, credentials: ready.credentials });
      }
    });
    child.once('exit', (code) => fail(new Error(`the upstream process exited with ${code}`)));
  });
}

async function startSubdesk(env: NodeJS.ProcessEnv, url: string): Promise<ChildProcess> {
  // BENCH_SUBDESK_NODE_ARGS passes flags to subdesk's node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p".
  const child = spawn(process.execPath, [...(process.env.BENCH_SUBDESK_NODE_ARGS?.split(' ').filter(Boolean) ?? []), '--import', 'tsx', 'server/main.ts'], {
    cwd: repo,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr!.on('data', (d) => (output = (output + d).slice(-4000)));
  for (const deadline = Date.now() + 600_000; ; ) {
    if (child.exitCode !== null) throw new Error(`subdesk exited with ${child.exitCode}:\n${output}`);
    const body = (await fetch(`${url}/api/health`).then(
      (r) => r.json(),
      () => ({}),
    )) as { upstreams?: unknown };
    if (body.upstreams) return child;
    if (Date.now() > deadline) throw new Error(`subdesk did not start:\n${output}`);
    await sleep(250);
  }
}

/** The bodies go through a file: ten thousand of them are far more than one command-line argument may hold. */
function runBurst(
  file: string,
  args: { url: string; secret: string; bodies: string[]; concurrency: number },
): Promise<{ latenciesMs: number[]; seconds: number; statuses: Record<number, number> }> {
  writeFileSync(file, JSON.stringify(args));
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/lib/webhook-burst.ts', file], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  return new Promise((ok, fail) => child.once('exit', (code) => (code === 0 ? ok(JSON.parse(out)) : fail(new Error(`the burst sender exited with ${code}`)))));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = await runFeedsBench();
  console.log(JSON.stringify(r, null, 2));
  process.exit(0);
}
