import { ChartFrame, StackedBars, type ThemeColor } from '../charts/index.ts';
import { useFormat, useT } from '../i18n/index.ts';

type Bar = { planId: string; name: string; total: number } & Record<string, number | string>;
export type StatusSeries = { key: string; label: string; color: ThemeColor };

const ROW = 30;

/**
 * Subscriptions per plan, one horizontal bar per plan stacked by status: which plans carry the
 * business and how much of each has ended or been cancelled, at a glance.
 */
export function StatusBars({ id, title, bars, series }: { id: string; title: string; bars: Bar[]; series: StatusSeries[] }) {
  const t = useT();
  const format = useFormat();
  const value = (b: Bar, key: string) => Number(b[key] ?? 0);
  const total = bars.reduce((s, b) => s + b.total, 0);
  const perPlan = (b: Bar) =>
    t('charts.statusSummaryPlan', {
      plan: b.name,
      counts: series.map((s) => t('charts.countOf', { count: format.count(value(b, s.key)), status: s.label.toLowerCase() })).join(', '),
    });
  const summary = bars.length
    ? `${t('charts.statusSummary', { title, total: format.count(total), plans: bars.length })} ${bars.map(perPlan).join('; ')}.`
    : t('charts.statusNone', { title });
  return (
    <ChartFrame
      id={id}
      title={title}
      table={{
        head: [t('charts.plan'), ...series.map((s) => s.label), t('charts.all')],
        rows: bars.map((b) => [b.name, ...series.map((s) => value(b, s.key)), b.total]),
      }}
    >
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
