import { Alert, Box, CircularProgress, Typography } from '@mui/material';
import { useApiGet } from '../useApiGet.ts';
import { StatusBars, type StatusSeries } from './StatusBars.tsx';
import { WeeklyBars } from './WeeklyBars.tsx';
import { capitalised } from '../../server/vocabulary/index.ts';
import { useFormat, useT, type MessageKey } from '../i18n/index.ts';
import type { StatusChartData, WeeklyData } from './types.ts';

type Series = Omit<StatusSeries, 'label'> & { label: MessageKey };

const GIGS_SERIES: Series[] = [
  { key: 'active', label: 'plans.columns.active', color: 'success.main' },
  { key: 'pending', label: 'plans.columns.pending', color: 'warning.main' },
  { key: 'ended', label: 'plans.columns.ended', color: 'grey.500' },
];
const CENTRA_SERIES: Series[] = [
  { key: 'active', label: 'plans.columns.active', color: 'success.main' },
  { key: 'paused', label: 'plans.columns.paused', color: 'warning.main' },
  { key: 'cancelled', label: 'plans.columns.cancelled', color: 'grey.500' },
];

/** The charts a merchandiser would rather look at than read, each with its numbers as a table. */
export function ChartsTab() {
  const status = useApiGet<StatusChartData>('plans/charts/status');
  const weekly = useApiGet<WeeklyData>('plans/charts/weekly');
  const error = status.error ?? weekly.error;
  const t = useT();
  const format = useFormat();
  const said = (series: Series[]) => series.map((s) => ({ ...s, label: capitalised(t(s.label)) }));
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 820 }}>
      {error && <Alert severity="error">{t('charts.loadFailed', { message: error.message })}</Alert>}
      {status.isPending && <CircularProgress aria-label={t('charts.loading')} />}
      {status.data && (
        <>
          <StatusBars id="gigs-status" title={t('charts.gigsPerPlan')} bars={status.data.gigs} series={said(GIGS_SERIES)} />
          <StatusBars id="centra-status" title={t('charts.centraPerPlan')} bars={status.data.centra} series={said(CENTRA_SERIES)} />
        </>
      )}
      {weekly.data && (
        <>
          <WeeklyBars data={weekly.data} />
          <Typography variant="caption" color="text.secondary">
            {t('charts.weeklyNote', { time: format.dateTime(weekly.data.countedAt) })}
          </Typography>
        </>
      )}
    </Box>
  );
}
