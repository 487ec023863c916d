import { useState } from 'react';
import { Box, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { ChartFrame, StackedBars, chartColorOf } from '../charts/index.ts';
import { AUDIT_OUTCOME, capitalised } from '../../server/vocabulary/index.ts';
import { useFormat, useOutcomes, useT } from '../i18n/index.ts';
import { useApiGet } from '../useApiGet.ts';

type Day = { day: string; requested: number; succeeded: number; failed: number; denied: number; total: number };

const OUTCOMES = ['succeeded', 'failed', 'denied', 'requested'] as const;

/** Entries per day (UTC days), stacked by outcome in the outcomes' own colours, with the numbers as a table. */
export function DailyChart() {
  const [days, setDays] = useState(30);
  const outcomes = useOutcomes();
  const t = useT();
  const format = useFormat();
  const SERIES = OUTCOMES.map((key) => ({ key, label: capitalised(outcomes.of('audit', key).label), color: chartColorOf(AUDIT_OUTCOME[key]) }));
  const { data, error } = useApiGet<Day[]>(`audit-events/stats/daily?days=${days}`);

  const rows = data ?? [];
  const total = rows.reduce((s, d) => s + d.total, 0);
  const failed = rows.reduce((s, d) => s + d.failed, 0);
  const period = (
    <ToggleButtonGroup size="small" exclusive value={days} onChange={(_, v) => v && setDays(v)} aria-label={t('audit.chart.period')}>
      <ToggleButton value={30}>{t('audit.chart.days', { count: 30 })}</ToggleButton>
      <ToggleButton value={90}>{t('audit.chart.days', { count: 90 })}</ToggleButton>
    </ToggleButtonGroup>
  );

  return (
    <Box sx={{ mt: 1 }}>
      <ChartFrame
        id="daily"
        title={t('audit.chart.title')}
        actions={period}
        table={{
          head: [t('audit.chart.day'), ...SERIES.map((s) => s.label), t('audit.chart.all')],
          rows: rows.map((d) => [format.shortDay(d.day), ...SERIES.map((s) => d[s.key]), d.total]),
        }}
      >
        {error && <Typography color="error">{t('audit.chart.failed', { message: error.message })}</Typography>}
        {data && (
          <StackedBars
            categories={rows.map((d) => format.shortDay(d.day))}
            series={SERIES.map((s) => ({ ...s, values: rows.map((d) => d[s.key]) }))}
            height={200}
            summary={t('audit.chart.summary', { days, total: format.count(total), failed: format.count(failed) })}
          />
        )}
      </ChartFrame>
    </Box>
  );
}
