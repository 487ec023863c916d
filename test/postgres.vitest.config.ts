import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * `npm run test:postgres`: the suites that run on PostgreSQL (test/**\/*.pg.test.ts), against one
 * server for the run (test/helpers/postgres.ts: DATABASE_URL's, or an embedded one it starts), each
 * file in a database of its own. Two files at a time: the server takes the other core.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    include: ['test/**/*.pg.test.ts'],
    globalSetup: ['test/helpers/postgres.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
