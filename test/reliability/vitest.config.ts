import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

/**
 * The long reliability suites (`npm run test:reliability`): load, crash, upstream faults, 10,000
 * fuzz cases, audit tampering. Named *.long.ts so `npm test` (test/**\/*.test.ts) never picks them
 * up. One fork, one file at a time: they start the product on fixed loopback ports and each one
 * wants the machine to itself for honest figures.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/reliability/**/*.long.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 15 * 60_000,
    hookTimeout: 5 * 60_000,
    sequence: { shuffle: false },
  },
});
