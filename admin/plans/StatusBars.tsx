import { ChartFrame, type Series } from './ChartFrame.tsx';

type Bar = { planId: string; name: string; total: number } & Record<string, number | string>;

const W = 760;
const LABEL = 210;
const ROW = 26;
const COUNT_W = 70;

/**
 * Subscriptions per plan, one horizontal bar per plan stacked by status: which plans carry the
 * business and how much of each has ended or been cancelled, at a glance.
 */
export function StatusBars({ id, title, bars, series }: { id: string; title: string; bars: Bar[]; series: Series[] }) {
  const max = Math.max(1, ...bars.map((b) => b.total));
  const span = W - LABEL - COUNT_W;
  const H = Math.max(ROW, bars.length * ROW) + 6;
  const total = bars.reduce((s, b) => s + b.total, 0);
  const top = bars[0];
  const summary = bars.length
    ? `${title}: ${total.toLocaleString('en-US')} subscriptions on ${bars.length} plans. ` +
      bars.map((b) => `${b.name}: ${series.map((s) => `${Number(b[s.key] ?? 0).toLocaleString('en-US')} ${s.label.toLowerCase()}`).join(', ')}`).join('; ') + '.'
    : `${title}: no subscriptions counted yet.`;
  return (
    <ChartFrame
      id={id}
      title={title}
      series={series}
      table={{ head: ['Plan', ...series.map((s) => s.label), 'All'], rows: bars.map((b) => [b.name, ...series.map((s) => Number(b[s.key] ?? 0)), b.total]) }}
    >
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W }} role="img" aria-label={summary}>
        {bars.map((b, i) => {
          let x = LABEL;
          const y = i * ROW + 3;
          return (
            <g key={b.planId}>
              <text x={LABEL - 8} y={y + ROW / 2 + 1} fontSize={12} textAnchor="end" dominantBaseline="middle" fill="#333">
                {b.name.length > 30 ? `${b.name.slice(0, 29)}…` : b.name}
              </text>
              {series.map((s) => {
                const v = Number(b[s.key] ?? 0);
                const w = (v / max) * span;
                const rect = w > 0 ? (
                  <rect key={s.key} x={x} y={y + 3} width={w} height={ROW - 8} fill={s.color}>
                    <title>{`${b.name}: ${v.toLocaleString('en-US')} ${s.label.toLowerCase()}`}</title>
                  </rect>
                ) : null;
                x += w;
                return rect;
              })}
              <text x={x + 6} y={y + ROW / 2 + 1} fontSize={11} dominantBaseline="middle" fill="#555">{b.total.toLocaleString('en-US')}</text>
            </g>
          );
        })}
        {!top && <text x={10} y={16} fontSize={12} fill="#777">No subscriptions counted yet.</text>}
      </svg>
    </ChartFrame>
  );
}
