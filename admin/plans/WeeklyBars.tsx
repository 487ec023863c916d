import { ChartFrame, StackedBars, type ThemeColor } from '../charts/index.ts';
import { formatCount, formatShortDay } from '../../server/vocabulary/index.ts';
import type { WeeklyData } from './types.ts';

type Week = WeeklyData['weeks'][number];
type Key = 'newGigs' | 'newCentra' | 'cancelledGigs' | 'cancelledCentra';

const SERIES: { key: Key; label: string; color: ThemeColor; below?: boolean }[] = [
  { key: 'newGigs', label: 'New, Gigs', color: 'primary.dark' },
  { key: 'newCentra', label: 'New, Centra', color: 'primary.light' },
  { key: 'cancelledGigs', label: 'Cancelled, Gigs', color: 'error.dark', below: true },
  { key: 'cancelledCentra', label: 'Cancelled, Centra', color: 'error.light', below: true },
];

/**
 * New subscriptions (above the line) against cancellations (below), per week, both systems:
 * growth or churn shows as the balance of the two.
 */
export function WeeklyBars({ data }: { data: WeeklyData }) {
  const weeks = data.weeks;
  const up = (w: Week) => w.newGigs + w.newCentra;
  const down = (w: Week) => w.cancelledGigs + w.cancelledCentra;
  const sum = (f: (w: Week) => number) => formatCount(weeks.reduce((s, w) => s + f(w), 0));
  const label = (w: Week) => `${formatShortDay(w.weekStart)}${w.partial ? ' (so far)' : ''}`;
  const busiest = [...weeks].sort((a, c) => up(c) - up(a))[0];
  const summary = `New and cancelled subscriptions per week, last ${weeks.length} weeks from ${weeks[0] ? formatShortDay(weeks[0].weekStart) : ''}: ` +
    `${sum(up)} new (${sum((w) => w.newGigs)} Gigs, ${sum((w) => w.newCentra)} Centra), ` +
    `${sum(down)} cancelled (${sum((w) => w.cancelledGigs)} Gigs, ${sum((w) => w.cancelledCentra)} Centra). ` +
    `Busiest week for new subscriptions: ${busiest ? `${formatShortDay(busiest.weekStart)} (${formatCount(up(busiest))})` : 'none'}.`;
  return (
    <ChartFrame id="weekly" title="New and cancelled subscriptions per week" table={{ head: ['Week of', ...SERIES.map((s) => s.label)], rows: weeks.map((w) => [label(w), ...SERIES.map((s) => w[s.key])]) }}>
      <StackedBars
        categories={weeks.map(label)}
        series={SERIES.map((s) => ({ key: s.key, label: s.label, color: s.color, values: weeks.map((w) => (s.below ? -w[s.key] : w[s.key])) }))}
        height={300}
        summary={summary}
      />
    </ChartFrame>
  );
}
