import { Alert, Box, CircularProgress, Typography } from '@mui/material';
import { useApiGet } from '../useApiGet.ts';
import { StatusBars, type StatusSeries } from './StatusBars.tsx';
import { WeeklyBars } from './WeeklyBars.tsx';
import { formatDateTime } from '../../server/vocabulary/index.ts';
import type { StatusChartData, WeeklyData } from './types.ts';

const GIGS_SERIES: StatusSeries[] = [
  { key: 'active', label: 'Active', color: 'success.main' },
  { key: 'pending', label: 'Pending', color: 'warning.main' },
  { key: 'ended', label: 'Ended', color: 'grey.500' },
];
const CENTRA_SERIES: StatusSeries[] = [
  { key: 'active', label: 'Active', color: 'success.main' },
  { key: 'paused', label: 'Paused', color: 'warning.main' },
  { key: 'cancelled', label: 'Cancelled', color: 'grey.500' },
];

/** The charts a merchandiser would rather look at than read, each with its numbers as a table. */
export function ChartsTab() {
  const status = useApiGet<StatusChartData>('plans/charts/status');
  const weekly = useApiGet<WeeklyData>('plans/charts/weekly');
  const error = status.error ?? weekly.error;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, maxWidth: 820 }}>
      {error && <Alert severity="error">A chart could not be loaded: {error.message}</Alert>}
      {status.isPending && <CircularProgress aria-label="Loading the charts" />}
      {status.data && (
        <>
          <StatusBars id="gigs-status" title="Gigs subscriptions per plan" bars={status.data.gigs} series={GIGS_SERIES} />
          <StatusBars id="centra-status" title="Centra subscriptions per plan" bars={status.data.centra} series={CENTRA_SERIES} />
        </>
      )}
      {weekly.data && (
        <>
          <WeeklyBars data={weekly.data} />
          <Typography variant="caption" color="text.secondary">
            New: when each subscription was created (both systems). Cancelled: Gigs’ own cancellation dates, and for Centra the cancellations made in subdesk (audit log); Centra does not say when other cancellations happened.
            Counted {formatDateTime(weekly.data.countedAt)}. The last week is the current one, so far.
          </Typography>
        </>
      )}
    </Box>
  );
}
