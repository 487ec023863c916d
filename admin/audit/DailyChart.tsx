import { useState } from 'react';
import { Box, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { ChartFrame, StackedBars, chartColorOf } from '../charts/index.ts';
import { AUDIT_OUTCOME, capitalised, formatCount, formatShortDay } from '../../server/vocabulary/index.ts';
import { useOutcomes } from '../i18n/index.ts';
import { useApiGet } from '../useApiGet.ts';

type Day = { day: string; requested: number; succeeded: number; failed: number; denied: number; total: number };

const OUTCOMES = ['succeeded', 'failed', 'denied', 'requested'] as const;

/** Entries per day (UTC days), stacked by outcome in the outcomes' own colours, with the numbers as a table. */
export function DailyChart() {
  const [days, setDays] = useState(30);
  const outcomes = useOutcomes();
  const SERIES = OUTCOMES.map((key) => ({ key, label: capitalised(outcomes.of('audit', key).label), color: chartColorOf(AUDIT_OUTCOME[key]) }));
  const { data, error } = useApiGet<Day[]>(`audit-events/stats/daily?days=${days}`);

  const rows = data ?? [];
  const total = rows.reduce((s, d) => s + d.total, 0);
  const failed = rows.reduce((s, d) => s + d.failed, 0);
  const period = (
    <ToggleButtonGroup size="small" exclusive value={days} onChange={(_, v) => v && setDays(v)} aria-label="Period">
      <ToggleButton value={30}>30 days</ToggleButton>
      <ToggleButton value={90}>90 days</ToggleButton>
    </ToggleButtonGroup>
  );

  return (
    <Box sx={{ mt: 1 }}>
      <ChartFrame
        id="daily"
        title="Actions per day"
        actions={period}
        table={{ head: ['Day (UTC)', ...SERIES.map((s) => s.label), 'All'], rows: rows.map((d) => [formatShortDay(d.day), ...SERIES.map((s) => d[s.key]), d.total]) }}
      >
        {error && <Typography color="error">The chart could not be loaded: {error.message}</Typography>}
        {data && (
          <StackedBars
            categories={rows.map((d) => formatShortDay(d.day))}
            series={SERIES.map((s) => ({ ...s, values: rows.map((d) => d[s.key]) }))}
            height={200}
            summary={`Audit entries per day over the last ${days} days: ${formatCount(total)} in all, ${formatCount(failed)} failed.`}
          />
        )}
      </ChartFrame>
    </Box>
  );
}
