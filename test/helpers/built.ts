import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../db/connection.ts';
import { createLogger } from '../../server/logger.ts';
import { buildDeps, type Built } from '../../server/bootstrap.ts';
import type { Lease } from '../../server/storage/lease.ts';

/**
 * subdesk built from server/bootstrap.ts alone on a fresh SQLite file, serving only the sandboxes
 * (never the API's routes), with the clock and lease a test gives. Not started: the test calls
 * `built.start()`, and `close()` at the end.
 */
export async function buildWithoutRoutes(options: { clock?: () => Date; lease?: Lease } = {}): Promise<{ built: Built; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'subdesk-built-'));
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: join(dir, 'subdesk.db'),
    SANDBOX_CUSTOMERS: '40',
    SUBDESK_DEMO_PASSWORD: 'demo-password-for-tests',
    SYNC_INTERVAL_SECONDS: '0',
    LOG_LEVEL: 'silent',
    CENTRA_REQUESTS_PER_10S: '10000',
    GIGS_REQUESTS_PER_SECOND: '1000',
  });
  const db = openDatabase(config.DATABASE_PATH);
  let sandboxes: Hono | undefined;
  const server = serve({ fetch: (req) => sandboxes!.fetch(req), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const built = await buildDeps({
    config,
    database: { kind: 'sqlite', db },
    logger: createLogger('silent'),
    localPort: (server.address() as AddressInfo).port,
    ...options,
  });
  sandboxes = new Hono().route('/sandbox/gigs', built.sandboxApps!.gigs!).route('/sandbox/centra', built.sandboxApps!.centra!);
  return {
    built,
    async close() {
      await built.stop();
      await new Promise<void>((r) => server.close(() => r()));
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
