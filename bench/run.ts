import { writeFileSync, readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatTable, machine, summaryLine, type BenchResult } from './lib/report.ts';
import { updateReadme } from './lib/readme.ts';

/**
 * `npm run bench` runs every benchmark; `npm run bench -- <name> [<name>...]` runs some. Each
 * generates its own data. Results go to stdout as a table and to bench/results.json (merged
 * by benchmark name, so running one keeps the others' last figures).
 */
const BENCHMARKS: Record<string, () => Promise<BenchResult>> = {
  crawl: async () => (await import('./crawl.ts')).runCrawlBench(),
  'crawl-floor': async () => (await import('./crawl-floor.ts')).runCrawlFloorBench(),
  search: async () => (await import('./search.ts')).runSearchBench(),
  'search-pg': async () => (await import('./search-pg.ts')).runSearchPgBench(),
  audit: async () => (await import('./audit.ts')).runAuditBench(),
  'audit-pg': async () => (await import('./audit-pg.ts')).runAuditPgBench(),
  actions: async () => (await import('./actions.ts')).runActionsBench(),
  plans: async () => (await import('./plans.ts')).runPlansBench(),
  spa: async () => (await import('./spa.ts')).runSpaBench(),
  load: async () => (await import('./load.ts')).runLoadBench(),
  budget: async () => (await import('./budget.ts')).runBudgetBench(),
  feeds: async () => (await import('./feeds.ts')).runFeedsBench(),
};

async function main() {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !(a in BENCHMARKS));
  if (unknown.length) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${Object.keys(BENCHMARKS).join(', ')}`);
    process.exit(2);
  }
  const names = asked.length ? asked : Object.keys(BENCHMARKS);
  const info = machine();
  console.log(`Machine: ${info.cores} cores (${info.cpu}), ${info.memoryGiB} GiB, Node ${info.node}, ${info.platform}`);
  const results: BenchResult[] = [];
  for (const name of names) {
    console.error(`\n== ${name} ==`);
    const started = Date.now();
    try {
      results.push(await BENCHMARKS[name]!());
    } catch (err) {
      console.error(`${name} failed: ${(err as Error).stack ?? err}`);
      results.push({ bench: name, setup: `failed: ${(err as Error).message}`, metrics: [] });
    }
    console.error(`${name} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const file = fileURLToPath(new URL('./results.json', import.meta.url));
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { results: Record<string, unknown> }) : { results: {} };
  const date = new Date().toISOString();
  for (const r of results) previous.results[r.bench] = { ...r, date, machine: info };
  writeFileSync(file, JSON.stringify({ ...previous, updatedAt: date }, null, 2) + '\n');
  if (updateReadme(fileURLToPath(new URL('../README.md', import.meta.url)), file)) console.error('README.md: Performance table updated');
  console.log('\n' + formatTable(results) + '\n');
  for (const r of results) console.log(summaryLine(r));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
