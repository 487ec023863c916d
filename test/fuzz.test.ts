import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TestServer } from './helpers/server.ts';
import { answerProblems, caseArbitrary, runSweep, startFuzzing, sweepCases, type Fuzzer, type FuzzRole } from './helpers/fuzz-run.ts';

/**
 * Hostile input against every /api route in the route table, signed in as admin and as support
 * (see fuzz-run.ts for what is asserted, "no write" included). The fast part: a fixed sweep of every
 * route × every body shape, then 1,000 random cases. `npm run test:reliability` runs 10,000.
 */
const ROLES: FuzzRole[] = ['admin', 'support'];
const RANDOM_CASES = 2_000;

let server: TestServer;
let fuzzer: Fuzzer;

beforeAll(async () => {
  ({ server, fuzzer } = await startFuzzing(ROLES));
}, 120_000);
afterAll(() => server?.close());

describe('hostile input', () => {
  it('walks the route table (new routes are fuzzed without edits here)', () => {
    const names = fuzzer.routes.map((r) => `${r.method} ${r.path}`);
    expect(names).toContain('POST /api/auth/login');
    expect(names).toContain('GET /api/customers');
    expect(names).toContain('PUT /api/staff/:id');
    expect(names.length).toBeGreaterThan(15);
  });

  it('sweep: every route meets every body shape and broken list parameters', async () => {
    expect(await runSweep(fuzzer, ROLES)).toEqual([]);
    expect(sweepCases(fuzzer.routes, ROLES).length).toBeGreaterThan(200);
  }, 60_000);

  it(`${RANDOM_CASES} random cases: no 5xx, no write, 4xx with a message, 400 naming a field`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary(fuzzer.routes, ROLES), (c) => fuzzer.run(c)),
      { numRuns: RANDOM_CASES, endOnFailure: true },
    );
    fuzzer.finish();
    expect(fuzzer.stats.failures).toEqual([]);
    console.log(`fuzz: ${fuzzer.stats.cases} cases over ${fuzzer.stats.routes} routes; statuses ${JSON.stringify(fuzzer.stats.byStatus)}`);
  }, 90_000);

  it('a parameter with a blank name is named in the 400 (found by a random case: `?+=true`)', async () => {
    const route = fuzzer.routes.find((r) => r.method === 'GET' && r.path === '/api/plans/gigs')!;
    await fuzzer.run({ route, role: 'admin', path: '/api/plans/gigs', query: 'filter=%7B%7D&+=true' });
  });

  it('the checker itself fails on a real write and on a 400 that names no field', async () => {
    const route = fuzzer.routes.find((r) => r.method === 'POST' && r.path === '/api/staff')!;
    const valid = {
      route,
      role: 'admin' as const,
      path: '/api/staff',
      query: '',
      body: { kind: 'valid', raw: JSON.stringify({ email: 'checker@fuzz.invalid', role: 'support' }) },
    };
    await expect(fuzzer.run(valid)).rejects.toThrow(/wrote to the audit log: staff\.\w+:succeeded/);
    expect(answerProblems(400, JSON.stringify({ message: 'Bad.', errors: {} }))).toEqual([expect.stringContaining('names no field')]);
    expect(answerProblems(404, 'Not Found')).toEqual([expect.stringContaining('not JSON')]);
    expect(answerProblems(502, '{}')).toEqual([expect.stringContaining('answered 502')]);
    expect(answerProblems(200, '{}', { kind: 'huge', raw: 'x', expect413: true })).toEqual([expect.stringContaining('not 413')]);
    expect(answerProblems(400, JSON.stringify({ message: 'Bad.', errors: { email: 'is required' } }))).toEqual([]);
  });
});
