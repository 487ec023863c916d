import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROLES } from '../../server/vocabulary/roles.ts';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BENCH_DEMO_PASSWORD = 'bench-demo-password-2026';

/**
 * How every bench's subdesk signs its staff in: the demo accounts with a known password, and the
 * admin and auditor with the password alone (a second factor's own tests are elsewhere).
 */
export const BENCH_SIGN_IN_ENV = { SUBDESK_DEMO_PASSWORD: BENCH_DEMO_PASSWORD, REQUIRE_SECOND_FACTOR: 'none' } as const;

export type RunningProduct = {
  url: string;
  dir: string;
  child: ChildProcess;
  login(role: 'support' | 'merchandiser' | 'auditor' | 'admin'): Promise<string>;
  stop(signal?: NodeJS.Signals): Promise<void>;
};

/**
 * Starts subdesk as `npm start` does (the built SPA in dist/ must exist), in its own process, on
 * loopback, with a fresh data directory unless one is given: the benchmarks and the reliability
 * suite measure the real product, not an in-process copy.
 */
/** The sandbox on its own (`npm run sandbox`), in its own process: answers the variables that point subdesk at it. */
export async function startSeparateSandbox(port: number, dir: string, customers: string): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/cli/sandbox.ts', '--port', String(port), '--db', join(dir, 'sandbox.db'), '--customers', customers],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stderr!.on('data', (d) => (output += d));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('SANDBOX_ENV '));
      if (line) resolve({ child, env: JSON.parse(line.slice('SANDBOX_ENV '.length)) as Record<string, string> });
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}:\n${output.slice(-2000)}`)));
  });
}

/** Real-upstream mode has no demo accounts: create them as an operator would, with the staff CLI. */
export async function createStaff(env: NodeJS.ProcessEnv) {
  for (const role of ROLES) {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'server/cli/staff.ts', 'create', '--email', `${role}@demo.subdesk`, '--role', role, '--password-stdin'],
      { cwd: repo, env, stdio: ['pipe', 'ignore', 'pipe'] },
    );
    let err = '';
    child.stderr!.on('data', (d) => (err += d));
    child.stdin!.end(BENCH_DEMO_PASSWORD + '\n');
    const code = await new Promise((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`staff create ${role} failed: ${err}`);
  }
}

/**
 * `upstream: 'separate'` runs the sandbox in its own process (as real Gigs and Centra would be),
 * so the upstream's work is not counted on subdesk's event loop; the default mounts it in-process
 * exactly as `npm start` does.
 */
export async function startProduct(opts: {
  port: number;
  dataDir?: string;
  env?: Record<string, string>;
  keepData?: boolean;
  waitForCrawl?: boolean;
  upstream?: 'embedded' | 'separate';
}): Promise<RunningProduct> {
  const dir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'subdesk-bench-'));
  const url = `http://127.0.0.1:${opts.port}`;
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    DATABASE_PATH: join(dir, 'subdesk.db'),
    PUBLIC_URL: url,
    ...BENCH_SIGN_IN_ENV,
    LOG_LEVEL: 'warn',
    // Benches and long suites measure subdesk, not a merchant's rate limit (bench/budget.ts does that).
    CENTRA_REQUESTS_PER_10S: '10000',
    GIGS_REQUESTS_PER_SECOND: '10000',
    ...opts.env,
  };
  let sandbox: ChildProcess | undefined;
  if (opts.upstream === 'separate') {
    const started = await startSeparateSandbox(opts.port + 1000, dir, opts.env?.SANDBOX_CUSTOMERS ?? '320');
    sandbox = started.child;
    Object.assign(baseEnv, started.env);
    await createStaff(baseEnv);
  }
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: repo, env: baseEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  child.once('exit', () => sandbox?.kill('SIGTERM'));
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const deadline = Date.now() + 600_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`subdesk exited with ${child.exitCode}:\n${output.slice(-4000)}`);
    try {
      const res = await fetch(`${url}/api/health`);
      // 503 with upstream details means up but an upstream is down; a bare 503 means still starting.
      const body = (await res.json().catch(() => ({}))) as { upstreams?: unknown };
      if (body.upstreams) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`subdesk did not start:\n${output.slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  if (opts.waitForCrawl)
    await waitForFirstCrawl(url, deadline).catch((err) => {
      child.kill('SIGKILL');
      throw err;
    });
  return {
    url,
    dir,
    child,
    login: (role) => loginAt(url, role),
    async stop(signal = 'SIGTERM') {
      // Killed by a signal already (a test's SIGKILL), a process has a signalCode and no exitCode.
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill(signal);
        await exited;
      }
      if (!opts.dataDir && !opts.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function waitForFirstCrawl(url: string, deadline: number) {
  const cookie = await loginAt(url, 'admin');
  for (;;) {
    const res = await fetch(`${url}/api/status`, { headers: { cookie } });
    const body = (await res.json().catch(() => ({}))) as { crawl?: { running?: boolean; lastSucceeded?: unknown } };
    if (body.crawl && !body.crawl.running && body.crawl.lastSucceeded) return;
    if (Date.now() > deadline) throw new Error('the first crawl did not finish in time');
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function loginAt(url: string, role: string, password = BENCH_DEMO_PASSWORD): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${role}@demo.subdesk`, password }),
  });
  if (!res.ok) throw new Error(`login as ${role} failed: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.get('set-cookie');
  if (!setCookie) throw new Error('login answered without a session cookie');
  return setCookie.split(';')[0]!;
}
