import { ChartFrame } from './ChartFrame.tsx';
import type { WeeklyData } from './types.ts';

const SERIES = [
  { key: 'newGigs', label: 'New, Gigs', color: '#1565c0' },
  { key: 'newCentra', label: 'New, Centra', color: '#64b5f6' },
  { key: 'cancelledGigs', label: 'Cancelled, Gigs', color: '#c62828' },
  { key: 'cancelledCentra', label: 'Cancelled, Centra', color: '#ef9a9a' },
] as const;

const W = 760;
const H = 260;
const LEFT = 44;
const MID_PAD = 4;

const shortDate = (ymd: string) => new Date(`${ymd}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * New subscriptions (above the line) against cancellations (below), per week, both systems:
 * growth or churn shows as the balance of the two.
 */
export function WeeklyBars({ data }: { data: WeeklyData }) {
  const weeks = data.weeks;
  const up = (w: WeeklyData['weeks'][number]) => w.newGigs + w.newCentra;
  const down = (w: WeeklyData['weeks'][number]) => w.cancelledGigs + w.cancelledCentra;
  const maxUp = Math.max(1, ...weeks.map(up));
  const maxDown = Math.max(1, ...weeks.map(down));
  // The baseline sits where both halves get room in proportion to their largest week.
  const usable = H - 40;
  const mid = 14 + usable * (maxUp / (maxUp + maxDown));
  const scale = usable / (maxUp + maxDown);
  const slot = (W - LEFT) / weeks.length;
  const sum = (f: (w: WeeklyData['weeks'][number]) => number) => weeks.reduce((s, w) => s + f(w), 0);
  const summary = `New and cancelled subscriptions per week, last ${weeks.length} weeks from ${weeks[0] ? shortDate(weeks[0].weekStart) : ''}: ` +
    `${sum(up).toLocaleString('en-US')} new (${sum((w) => w.newGigs).toLocaleString('en-US')} Gigs, ${sum((w) => w.newCentra).toLocaleString('en-US')} Centra), ` +
    `${sum(down).toLocaleString('en-US')} cancelled (${sum((w) => w.cancelledGigs).toLocaleString('en-US')} Gigs, ${sum((w) => w.cancelledCentra).toLocaleString('en-US')} Centra). ` +
    `Busiest week for new subscriptions: ${(() => { const b = [...weeks].sort((a, c) => up(c) - up(a))[0]; return b ? `${shortDate(b.weekStart)} (${up(b).toLocaleString('en-US')})` : 'none'; })()}.`;
  return (
    <ChartFrame
      id="weekly"
      title="New and cancelled subscriptions per week"
      series={[...SERIES]}
      table={{
        head: ['Week of', ...SERIES.map((s) => s.label)],
        rows: weeks.map((w) => [`${shortDate(w.weekStart)}${w.partial ? ' (so far)' : ''}`, w.newGigs, w.newCentra, w.cancelledGigs, w.cancelledCentra]),
      }}
    >
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label={summary}>
        <text x={LEFT - 6} y={18} fontSize={10} textAnchor="end" fill="#666">{maxUp.toLocaleString('en-US')}</text>
        <text x={LEFT - 6} y={mid + 4} fontSize={10} textAnchor="end" fill="#666">0</text>
        <text x={LEFT - 6} y={H - 22} fontSize={10} textAnchor="end" fill="#666">−{maxDown.toLocaleString('en-US')}</text>
        <line x1={LEFT} x2={W} y1={mid} y2={mid} stroke="#999" />
        {weeks.map((w, i) => {
          const x = LEFT + i * slot + 3;
          const bw = Math.max(2, slot - 6);
          let yUp = mid - MID_PAD / 2;
          let yDown = mid + MID_PAD / 2;
          return (
            <g key={w.weekStart} opacity={w.partial ? 0.6 : 1}>
              <title>{`Week of ${shortDate(w.weekStart)}${w.partial ? ' (so far)' : ''}: ${up(w)} new (${w.newGigs} Gigs, ${w.newCentra} Centra), ${down(w)} cancelled (${w.cancelledGigs} Gigs, ${w.cancelledCentra} Centra)`}</title>
              {(['newGigs', 'newCentra'] as const).map((k) => {
                const h = w[k] * scale;
                yUp -= h;
                return h > 0 ? <rect key={k} x={x} y={yUp} width={bw} height={h} fill={SERIES.find((s) => s.key === k)!.color} /> : null;
              })}
              {(['cancelledGigs', 'cancelledCentra'] as const).map((k) => {
                const h = w[k] * scale;
                const y = yDown;
                yDown += h;
                return h > 0 ? <rect key={k} x={x} y={y} width={bw} height={h} fill={SERIES.find((s) => s.key === k)!.color} /> : null;
              })}
              {(i % 2 === 0 || i === weeks.length - 1) && (
                <text x={x + bw / 2} y={H - 4} fontSize={10} textAnchor="middle" fill="#666">{shortDate(w.weekStart)}</text>
              )}
            </g>
          );
        })}
      </svg>
    </ChartFrame>
  );
}
