import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TestServer } from '../helpers/server.ts';
import { caseArbitrary, runSweep, startFuzzing, type Fuzzer, type FuzzRole } from '../helpers/fuzz-run.ts';
import { recordResults } from './lib/results.ts';

/** The long fuzz run: the sweep and 10,000 random cases over every /api route (see fuzz-run.ts). */
const ROLES: FuzzRole[] = ['admin', 'support'];
const RANDOM_CASES = 10_000;

let server: TestServer;
let fuzzer: Fuzzer;

beforeAll(async () => {
  ({ server, fuzzer } = await startFuzzing(ROLES));
}, 120_000);
afterAll(() => server?.close());

describe('hostile input, long run', () => {
  it(`sweep plus ${RANDOM_CASES} random cases: no 5xx, no write, 4xx with a message, 400 naming a field`, async () => {
    const started = Date.now();
    expect(await runSweep(fuzzer, ROLES)).toEqual([]);
    const seed = Date.now();
    await fc.assert(
      fc.asyncProperty(caseArbitrary(fuzzer.routes, ROLES), (c) => fuzzer.run(c)),
      { numRuns: RANDOM_CASES, seed, endOnFailure: true },
    );
    fuzzer.finish();
    expect(fuzzer.stats.failures).toEqual([]);
    expect(fuzzer.stats.cases).toBeGreaterThanOrEqual(RANDOM_CASES);
    recordResults('fuzz', {
      cases: fuzzer.stats.cases,
      routes: fuzzer.stats.routes,
      seed,
      seconds: Math.round((Date.now() - started) / 100) / 10,
      byStatus: fuzzer.stats.byStatus,
      byKind: fuzzer.stats.byKind,
      failures: fuzzer.stats.failures.length,
    });
  });
});
