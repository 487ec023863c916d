import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export type CrawlUpstream = {
  url: string;
  credentials: { gigsProject: string; gigsApiKey: string; centraApiKey: string };
  /** The upstream process's peak resident memory seen so far. */
  peakRss(): number;
  /** The upstream process's CPU time so far (seconds, user + system; sampled every 500 ms). */
  cpuSeconds(): number;
  stop(): Promise<void>;
};

/**
 * Starts bench/lib/crawl-upstream-child.ts (seeding the sandbox file first if it is empty).
 * BENCH_UPSTREAM_NODE_ARGS passes flags to its node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/p" to profile the emulators.
 */
export async function startCrawlUpstream(dbPath: string, customers: number, port: number, env: Record<string, string> = {}): Promise<CrawlUpstream> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_UPSTREAM_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      'bench/lib/crawl-upstream-child.ts',
      dbPath,
      String(customers),
      String(port),
    ],
    {
      cwd: repo,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    },
  );
  let peak = 0;
  let cpu = 0;
  child.on('message', (m: { rss?: number; cpuSeconds?: number }) => {
    peak = Math.max(peak, m.rss ?? 0);
    cpu = Math.max(cpu, m.cpuSeconds ?? 0);
  });
  const ready = await new Promise<{ port: number; credentials: CrawlUpstream['credentials'] }>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('READY '));
      if (line) ok(JSON.parse(line.slice(6)));
    });
    child.once('exit', (code) => fail(new Error(`the upstream process exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${ready.port}`,
    credentials: ready.credentials,
    peakRss: () => peak,
    cpuSeconds: () => cpu,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
