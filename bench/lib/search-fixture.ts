import { BENCH_SIGN_IN_ENV } from './product.ts';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { openDatabase, type Db } from '../../db/connection.ts';
import { createLogger } from '../../server/logger.ts';
import { buildDeps, type Built } from '../../server/bootstrap.ts';
import { createApp } from '../../server/app.ts';

/** Where a benchmark at `customers` keeps its sandbox and its crawled index. */
export function benchDir(customers: number) {
  return join('bench', 'data', `customers-${customers}`);
}

export function dbFiles(path: string) {
  return ['', '-wal', '-shm']
    .map((s) => path + s)
    .filter(existsSync)
    .reduce((n, f) => n + statSync(f).size, 0);
}

/**
 * subdesk as `npm start` wires it, on the bench's data dir, served over loopback HTTP, without
 * the start-up work (no crawl on start: the benchmark runs the crawl itself).
 */
export async function startBenchServer(dir: string, customers: number): Promise<{ built: Built; db: Db; url: string; close(): Promise<void> }> {
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: join(dir, 'subdesk.db'),
    SANDBOX_CUSTOMERS: String(customers),
    ...BENCH_SIGN_IN_ENV,
    SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'silent',
    UPSTREAM_TIMEOUT_MS: '60000',
    CENTRA_REQUESTS_PER_10S: '10000',
    GIGS_REQUESTS_PER_SECOND: '10000',
    BACKGROUND_SHARE: '1',
  });
  const db = openDatabase(config.DATABASE_PATH);
  let handler: ((req: Request) => Response | Promise<Response>) | undefined;
  const server = serve({ fetch: (req) => handler!(req), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const port = (server.address() as AddressInfo).port;
  const built = await buildDeps({ config, database: { kind: 'sqlite', db }, logger: createLogger('silent'), localPort: port });
  handler = createApp(built.deps, { sandbox: built.sandboxApps }).fetch;
  return {
    built,
    db,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await built.stop();
      await new Promise<void>((r) => server.close(() => r()));
      db.$client.close();
    },
  };
}
