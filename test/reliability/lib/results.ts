import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The figures of the last reliability run, one section per suite, in test/reliability/results.json
 * (for the README's Reliability section) and on the console.
 */
export const RESULTS_PATH = fileURLToPath(new URL('../results.json', import.meta.url));

export function recordResults(section: string, figures: Record<string, unknown>) {
  const all = existsSync(RESULTS_PATH) ? (JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as Record<string, unknown>) : {};
  all[section] = { ...figures, recordedAt: new Date().toISOString() };
  writeFileSync(RESULTS_PATH, JSON.stringify(all, null, 2) + '\n');
  console.log(`\n[reliability] ${section}\n${JSON.stringify(figures, null, 2)}`);
}
