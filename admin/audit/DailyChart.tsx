import { useState } from 'react';
import { Box, Card, CardContent, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useApiGet } from '../useApiGet.ts';

type Day = { day: string; requested: number; succeeded: number; failed: number; denied: number; total: number };

const SERIES = [
  { key: 'succeeded', label: 'Succeeded', color: '#2e7d32' },
  { key: 'failed', label: 'Failed', color: '#c62828' },
  { key: 'denied', label: 'Denied', color: '#ef6c00' },
  { key: 'requested', label: 'Requested', color: '#90a4ae' },
] as const;

const W = 720;
const H = 140;
const PAD = 28;

/** Entries per day, stacked by outcome: a plain SVG, one bar per day with a tooltip title. */
export function DailyChart() {
  const [days, setDays] = useState(30);
  const { data, error } = useApiGet<Day[]>(`audit-events/stats/daily?days=${days}`);

  const max = Math.max(1, ...(data ?? []).map((d) => d.total));
  const bar = data ? (W - PAD) / data.length : 0;
  const total = (data ?? []).reduce((s, d) => s + d.total, 0);
  const failed = (data ?? []).reduce((s, d) => s + d.failed, 0);

  return (
    <Card sx={{ mt: 1 }}>
      <CardContent sx={{ pb: '8px !important' }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
          <Typography variant="subtitle1" component="h2">Actions per day</Typography>
          <ToggleButtonGroup size="small" exclusive value={days} onChange={(_, v) => v && setDays(v)} aria-label="Period">
            <ToggleButton value={30}>30 days</ToggleButton>
            <ToggleButton value={90}>90 days</ToggleButton>
          </ToggleButtonGroup>
          <Box sx={{ display: 'flex', gap: 1.5 }} aria-hidden>
            {SERIES.map((s) => (
              <Box key={s.key} sx={{ display: 'flex', alignItems: 'center', gap: 0.5, fontSize: 12 }}>
                <Box sx={{ width: 10, height: 10, bgcolor: s.color }} />
                {s.label}
              </Box>
            ))}
          </Box>
        </Box>
        {error && <Typography color="error">The chart could not be loaded: {error.message}</Typography>}
        {data && (
          <svg viewBox={`0 0 ${W} ${H + 18}`} width="100%" height={H + 18} role="img" aria-label={`Audit entries per day over the last ${days} days: ${total} in all, ${failed} failed.`}>
            <text x={0} y={10} fontSize={10} fill="#666">{max}</text>
            <line x1={PAD} x2={W} y1={H} y2={H} stroke="#bbb" />
            {data.map((d, i) => {
              let y = H;
              return (
                <g key={d.day}>
                  <title>{`${d.day}: ${d.succeeded} succeeded, ${d.failed} failed, ${d.denied} denied, ${d.requested} requested`}</title>
                  {SERIES.map((s) => {
                    const h = (d[s.key] / max) * (H - 12);
                    y -= h;
                    return h > 0 ? <rect key={s.key} x={PAD + i * bar + 1} y={y} width={Math.max(1, bar - 2)} height={h} fill={s.color} /> : null;
                  })}
                  {(i === 0 || i === data.length - 1 || (i % 7 === 0 && data.length - 1 - i >= 4)) && (
                    <text x={PAD + i * bar} y={H + 14} fontSize={10} fill="#666">{d.day.slice(5)}</text>
                  )}
                </g>
              );
            })}
          </svg>
        )}
      </CardContent>
    </Card>
  );
}
