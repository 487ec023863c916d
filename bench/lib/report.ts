import os from 'node:os';

/** One measured figure, with the floor or target it is judged against. */
export type Metric = {
  name: string;
  value: number;
  unit: string;
  /** e.g. `<= 15` or `>= 0.5`; absent for figures reported without a target. */
  target?: { op: '<=' | '>='; value: number };
  note?: string;
};

export type BenchResult = {
  bench: string;
  /** What was measured, on what data (sizes). */
  setup: string;
  metrics: Metric[];
};

export function machine() {
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}

export const meets = (m: Metric) => (m.target ? (m.target.op === '<=' ? m.value <= m.target.value : m.value >= m.target.value) : undefined);

export function formatTable(results: BenchResult[]): string {
  const rows: string[][] = [['benchmark', 'metric', 'value', 'target', 'met']];
  for (const r of results) {
    for (const m of r.metrics) {
      const ok = meets(m);
      rows.push([
        r.bench,
        m.name,
        `${m.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${m.unit}`,
        m.target ? `${m.target.op} ${m.target.value.toLocaleString('en-US')} ${m.unit}` : '',
        ok === undefined ? '' : ok ? 'yes' : 'NO',
      ]);
    }
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map((r, i) => {
      const line = r.map((c, j) => c.padEnd(widths[j]!)).join(' | ');
      return i === 0 ? `${line}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}` : line;
    })
    .join('\n');
}

export function summaryLine(r: BenchResult): string {
  const judged = r.metrics.filter((m) => m.target);
  const met = judged.filter((m) => meets(m)).length;
  const missed = judged.filter((m) => meets(m) === false).map((m) => m.name);
  return `${r.bench}: ${met}/${judged.length} targets met${missed.length ? ` (missed: ${missed.join(', ')})` : ''} — ${r.setup}`;
}
