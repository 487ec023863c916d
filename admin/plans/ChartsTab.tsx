import { Alert, Box, CircularProgress, Typography } from '@mui/material';
import { useApiGet } from '../useApiGet.ts';
import { StatusBars } from './StatusBars.tsx';
import { WeeklyBars } from './WeeklyBars.tsx';
import { utcTime } from './format.ts';
import type { StatusChartData, WeeklyData } from './types.ts';

const GIGS_SERIES = [
  { key: 'active', label: 'Active', color: '#2e7d32' },
  { key: 'pending', label: 'Pending', color: '#f9a825' },
  { key: 'ended', label: 'Ended', color: '#9e9e9e' },
];
const CENTRA_SERIES = [
  { key: 'active', label: 'Active', color: '#2e7d32' },
  { key: 'paused', label: 'Paused', color: '#f9a825' },
  { key: 'cancelled', label: 'Cancelled', color: '#9e9e9e' },
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
            Counted {utcTime(weekly.data.countedAt)}. The last week is the current one, so far.
          </Typography>
        </>
      )}
    </Box>
  );
}
