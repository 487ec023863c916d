import { ChartFrame, StackedBars, type ThemeColor } from '../charts/index.ts';
import { useFormat, useT, type MessageKey } from '../i18n/index.ts';
import type { WeeklyData } from './types.ts';

type Week = WeeklyData['weeks'][number];
type Key = 'newGigs' | 'newCentra' | 'cancelledGigs' | 'cancelledCentra';

const SERIES: { key: Key; label: MessageKey; color: ThemeColor; below?: boolean }[] = [
  { key: 'newGigs', label: 'charts.newGigs', color: 'primary.dark' },
  { key: 'newCentra', label: 'charts.newCentra', color: 'primary.light' },
  { key: 'cancelledGigs', label: 'charts.cancelledGigs', color: 'error.dark', below: true },
  { key: 'cancelledCentra', label: 'charts.cancelledCentra', color: 'error.light', below: true },
];

/**
 * New subscriptions (above the line) against cancellations (below), per week, both systems:
 * growth or churn shows as the balance of the two.
 */
export function WeeklyBars({ data }: { data: WeeklyData }) {
  const t = useT();
  const format = useFormat();
  const weeks = data.weeks;
  const up = (w: Week) => w.newGigs + w.newCentra;
  const down = (w: Week) => w.cancelledGigs + w.cancelledCentra;
  const sum = (f: (w: Week) => number) => format.count(weeks.reduce((s, w) => s + f(w), 0));
  const label = (w: Week) => (w.partial ? t('charts.soFar', { week: format.shortDay(w.weekStart) }) : format.shortDay(w.weekStart));
  const busiest = [...weeks].sort((a, c) => up(c) - up(a))[0];
  const summary = `${t('charts.weeklySummary', {
    weeks: weeks.length,
    from: weeks[0] ? format.shortDay(weeks[0].weekStart) : '',
    new: sum(up),
    newGigs: sum((w) => w.newGigs),
    newCentra: sum((w) => w.newCentra),
    cancelled: sum(down),
    cancelledGigs: sum((w) => w.cancelledGigs),
    cancelledCentra: sum((w) => w.cancelledCentra),
  })} ${busiest ? t('charts.busiest', { week: format.shortDay(busiest.weekStart), count: format.count(up(busiest)) }) : t('charts.busiestNone')}`;
  const series = SERIES.map((s) => ({ ...s, label: t(s.label) }));
  return (
    <ChartFrame
      id="weekly"
      title={t('charts.weekly')}
      table={{ head: [t('charts.weekOf'), ...series.map((s) => s.label)], rows: weeks.map((w) => [label(w), ...series.map((s) => w[s.key])]) }}
    >
      <StackedBars
        categories={weeks.map(label)}
        series={series.map((s) => ({ key: s.key, label: s.label, color: s.color, values: weeks.map((w) => (s.below ? -w[s.key] : w[s.key])) }))}
        height={300}
        summary={summary}
      />
    </ChartFrame>
  );
}
