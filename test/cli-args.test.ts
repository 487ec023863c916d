import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The sandbox seeding command reads its options with node:util's parseArgs, as the others do. */
const root = resolve(import.meta.dirname, '..');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'subdesk-cli-args-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function seed(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/seed.ts', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_PATH: join(dir, 'subdesk.db'), LOG_LEVEL: 'silent' },
    timeout: 30_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

describe('seed options', () => {
  it('takes --name value and --name=value', () => {
    const spaced = seed(['--customers', '3', '--db', join(dir, 'a.db')]);
    expect(spaced.out).toMatch(/^Seeded 3 customers into .*a\.db in [\d.,]+ m?s\./);
    const joined = seed(['--customers=4', `--db=${join(dir, 'b.db')}`]);
    expect(joined.out).toMatch(/^Seeded 4 customers into .*b\.db/);
    expect(existsSync(join(dir, 'b.db'))).toBe(true);
  });

  it('refuses a mistyped option by name instead of seeding the default size', () => {
    const typo = seed(['--custmers', '3', '--db', join(dir, 'c.db')]);
    expect(typo.code).toBe(2);
    expect(typo.err).toContain("Unknown option '--custmers'");
    expect(existsSync(join(dir, 'c.db'))).toBe(false);
  });

  it('still checks the number it is given', () => {
    const bad = seed(['--customers', 'many', '--db', join(dir, 'd.db')]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('--customers must be a whole number from 1 to 1,000,000 (got "many")');
  });
});
