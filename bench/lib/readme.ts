import { readFileSync, writeFileSync } from 'node:fs';
import { meets, type BenchResult } from './report.ts';

type Stored = BenchResult & { date: string; machine: { cores: number; memoryGiB: number; node: string; cpu: string } };

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
/** Benchmarks whose every figure is worth a row; the others show the figures that have a target. */
const ALL_ROWS = new Set(['crawl', 'crawl-floor', 'search', 'search-pg', 'audit-pg', 'load', 'actions', 'spa', 'feeds']);

const fmt = (v: number) => v.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The README's Performance table, from bench/results.json (the last run of each benchmark). */
export function performanceMarkdown(results: Record<string, Stored>): string {
  const order = ['crawl', 'crawl-floor', 'search', 'search-pg', 'audit', 'audit-pg', 'actions', 'plans', 'spa', 'load', 'feeds'];
  const names = [...order.filter((n) => results[n]), ...Object.keys(results).filter((n) => !order.includes(n))];
  const lines = ['| benchmark | measure | result | target | met |', '|---|---|---|---|---|'];
  for (const name of names) {
    const r = results[name]!;
    for (const m of r.metrics.filter((m) => m.target || ALL_ROWS.has(name))) {
      const ok = meets(m);
      lines.push(
        `| ${name} | ${m.name} | ${fmt(m.value)} ${m.unit} | ${m.target ? `${m.target.op} ${fmt(m.target.value)} ${m.unit}` : ''} | ${ok === undefined ? '' : ok ? 'yes' : '**no**'} |`,
      );
    }
  }
  const setups = names.map((n) => {
    const r = results[n]!;
    return `- **${n}** (${r.date.slice(0, 16).replace('T', ' ')} UTC, ${r.machine.cores} cores, ${r.machine.memoryGiB} GiB, Node ${r.machine.node}): ${r.setup}`;
  });
  return [START, lines.join('\n'), '', ...setups, END].join('\n');
}

/** Rewrites the table between the markers in README.md. */
export function updateReadme(readmePath: string, resultsPath: string) {
  const results = (JSON.parse(readFileSync(resultsPath, 'utf8')) as { results: Record<string, Stored> }).results;
  const readme = readFileSync(readmePath, 'utf8');
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < 0) return false;
  writeFileSync(readmePath, readme.slice(0, a) + performanceMarkdown(results) + readme.slice(b + END.length));
  return true;
}
