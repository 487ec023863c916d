import { ChartFrame, StackedBars, type ThemeColor } from '../charts/index.ts';
import { formatCount } from '../../server/vocabulary/index.ts';

type Bar = { planId: string; name: string; total: number } & Record<string, number | string>;
export type StatusSeries = { key: string; label: string; color: ThemeColor };

const ROW = 30;

/**
 * Subscriptions per plan, one horizontal bar per plan stacked by status: which plans carry the
 * business and how much of each has ended or been cancelled, at a glance.
 */
export function StatusBars({ id, title, bars, series }: { id: string; title: string; bars: Bar[]; series: StatusSeries[] }) {
  const value = (b: Bar, key: string) => Number(b[key] ?? 0);
  const total = bars.reduce((s, b) => s + b.total, 0);
  const summary = bars.length
    ? `${title}: ${formatCount(total)} subscriptions on ${bars.length} plans. ` +
      bars.map((b) => `${b.name}: ${series.map((s) => `${formatCount(value(b, s.key))} ${s.label.toLowerCase()}`).join(', ')}`).join('; ') + '.'
    : `${title}: no subscriptions counted yet.`;
  return (
    <ChartFrame id={id} title={title} table={{ head: ['Plan', ...series.map((s) => s.label), 'All'], rows: bars.map((b) => [b.name, ...series.map((s) => value(b, s.key)), b.total]) }}>
      <StackedBars
        horizontal
        categories={bars.map((b) => b.name)}
        series={series.map((s) => ({ ...s, values: bars.map((b) => value(b, s.key)) }))}
        height={Math.max(2, bars.length) * ROW + 90}
        categoryWidth={200}
        summary={summary}
      />
    </ChartFrame>
  );
}
