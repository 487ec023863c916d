import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * The API suites that also run on PostgreSQL: they reach subdesk over HTTP through startTestServer
 * (test/helpers/server.ts), which gives each a PostgreSQL database of its own under
 * SUBDESK_TEST_ENGINE=postgres, and read the rows they check through rowsOf/rowOf
 * (test/helpers/engines.ts), on either engine. (Suites still reading SQLite rows through sqliteOf
 * run on SQLite only; the stores' contracts check the same on both engines.)
 */
const API_SUITES_ON_BOTH_ENGINES = [
  'api-lists',
  'audit-api',
  'audit-people',
  'background-lease',
  'body-limit',
  'centra-actions',
  'centra-address',
  'centra-contract',
  'centra-events',
  'centra-faults',
  'centra-integration',
  'centra-rules',
  'centra-shop-only',
  'connect-callback',
  'connect-links',
  'connect-sessions',
  'crawl-one-list-fails',
  'crawl-sandbox',
  'customer-timeline',
  'customers',
  'gigs-connect',
  'gigs-contract',
  'gigs-faults',
  'health-instance',
  'idempotency',
  'permissions',
  'plans',
  'public-address',
  'route-access',
  'secrets-access',
].map((name) => `test/${name}.test.ts`);

/**
 * `npm run test:postgres`: the suites that run on PostgreSQL (test/**\/*.pg.test.ts and the API
 * suites above), against one server for the run (test/helpers/postgres.ts: DATABASE_URL's, or an
 * embedded one it starts), each file in a database of its own. Two files at a time: the server
 * takes the other core.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.pg.test.ts', ...API_SUITES_ON_BOTH_ENGINES],
    env: { SUBDESK_TEST_ENGINE: 'postgres' },
    globalSetup: ['test/helpers/postgres.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
