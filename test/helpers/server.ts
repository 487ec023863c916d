import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../server/config.ts';
import { closeConfiguredDatabase, openConfiguredDatabase } from '../../server/storage/open.ts';
import { createLogger } from '../../server/logger.ts';
import { buildDeps, type Built } from '../../server/bootstrap.ts';
import { createApp, type App } from '../../server/app.ts';
import type { Lease } from '../../server/storage/lease.ts';

export type TestServer = Built & {
  app: App;
  /** http://127.0.0.1:<port>, where the sandbox (and the API) really listen. */
  url: string;
  dir: string;
  close(): Promise<void>;
};

/**
 * subdesk as production wires it: a fresh database in a temp dir, the embedded sandbox served
 * over real HTTP on an ephemeral port, the real clients pointed at it. Tests call the API with
 * `app.request(...)`.
 */
export async function startTestServer(env: Record<string, string> = {}, options: { lease?: Lease } = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'subdesk-test-'));
  // Under `npm run test:postgres` the API suites run on a PostgreSQL database of their own.
  const postgres = process.env.SUBDESK_TEST_ENGINE === 'postgres' ? await (await import('./postgres.ts')).testDatabase() : null;
  const config = loadConfig({
    PORT: '0',
    DATABASE_PATH: join(dir, 'subdesk.db'),
    SANDBOX_CUSTOMERS: '320',
    SUBDESK_DEMO_PASSWORD: 'demo-password-for-tests',
    SYNC_INTERVAL_SECONDS: '0',
    UPSTREAM_TIMEOUT_MS: '2000',
    LOG_LEVEL: 'silent',
    // Tests are not the merchant's shop: budgets high enough never to slow a suite (the budget's own tests set theirs).
    CENTRA_REQUESTS_PER_10S: '10000',
    GIGS_REQUESTS_PER_SECOND: '1000',
    // Suites sign the demo admin and auditor in with their password alone (test/second-factor.test.ts covers the requirement).
    REQUIRE_SECOND_FACTOR: 'none',
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
    ...env,
  });
  const database = await openConfiguredDatabase(config);
  let handler: ((req: Request, env: unknown) => Response | Promise<Response>) | undefined;
  const server = serve({ fetch: (req, env) => handler!(req, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const port = (server.address() as AddressInfo).port;
  const built = await buildDeps({ config, database, logger: createLogger('silent'), localPort: port, lease: options.lease });
  const app = createApp(built.deps, { sandbox: built.sandboxApps });
  handler = app.fetch;
  await built.start();
  return {
    ...built,
    app,
    url: `http://127.0.0.1:${port}`,
    dir,
    async close() {
      await built.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await closeConfiguredDatabase(database);
      await postgres?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
