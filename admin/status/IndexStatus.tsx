import { formatCount, formatDateTime, formatElapsed, orNoValue } from '../../server/vocabulary/index.ts';
import { Card, CardContent, CardHeader, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';

import { useApiGet } from '../useApiGet.ts';

type Run = { id: number; kind: string; status: string; startedAt: string; finishedAt: string | null; durationMs: number | null; counts: Record<string, number>; errors: Record<string, string> };
type Status = {
  crawl: { running: boolean; progress: Record<string, number> | null; intervalSeconds: number; scheduledKind: 'full' | 'incremental'; last: Run | null; lastSucceeded: Run | null };
  index: { customers: number; gigs: { customers: number; subscriptions: number; live: number }; centra: { customers: number; contracts: number; subscriptions: number; live: number } };
};

const STATUS_COLOR: Record<string, 'success' | 'error' | 'warning' | 'info'> = { succeeded: 'success', failed: 'error', interrupted: 'warning', running: 'info' };

const duration = (ms: number | null) => orNoValue(formatElapsed(ms));

/** How often crawls run: with a change feed on, a full crawl once a day reconciles what it missed. */
function scheduleText(seconds: number, kind: 'full' | 'incremental') {
  if (!seconds) return 'Scheduled crawls are off';
  const every = seconds % 86_400 === 0 ? (seconds === 86_400 ? 'once a day' : `every ${seconds / 86_400} days`) : `every ${formatCount(seconds)} s`;
  return kind === 'full' ? `Full crawl ${every} (reconciles what the change feeds missed)` : `Incremental ${every}`;
}

/** A running crawl's progress: items read per list, then people built into the index. */
function progressText(progress: Record<string, number>) {
  const { build, ...read } = progress;
  const parts = Object.entries(read).map(([list, items]) => `${list} ${formatCount(items)}`);
  const reading = parts.length ? `read ${parts.join(', ')}` : 'reading the upstreams';
  return build === undefined ? reading : `${reading}; ${formatCount(build)} people built`;
}

/** The customer index: the last crawl and what the index holds per upstream (no personal data). */
export function IndexStatus() {
  // Every 5 s while the page is shown, to follow a running crawl.
  const { data: status, error } = useApiGet<Status>('status', { refetchInterval: 5000 });
  if (error && !status) return <Typography color="error">The customer index status could not be read: {error.message}</Typography>;
  if (!status) return <Typography>Reading the customer index…</Typography>;
  const last = status.crawl.last;
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Card variant="outlined" sx={{ minWidth: 320 }} role="region" aria-label="Last crawl">
        <CardHeader title="Last crawl" subheader={scheduleText(status.crawl.intervalSeconds, status.crawl.scheduledKind)} />
        <CardContent>
          {last ? (
            <Stack spacing={1}>
              <Stack direction="row" spacing={1}>
                <Chip label={status.crawl.running ? 'running' : last.status} color={STATUS_COLOR[status.crawl.running ? 'running' : last.status] ?? 'info'} />
                <Chip label={last.kind} variant="outlined" />
              </Stack>
              <Typography variant="body2">Started {formatDateTime(last.startedAt)}</Typography>
              <Typography variant="body2">{status.crawl.running ? `Running for ${duration(Date.now() - new Date(last.startedAt).getTime())}` : `Duration ${duration(last.durationMs)}`}</Typography>
              {status.crawl.running && status.crawl.progress ? (
                <Typography variant="body2" role="status">
                  So far: {progressText(status.crawl.progress)}
                </Typography>
              ) : (
                <Typography variant="body2">
                  Read: {Object.entries(last.counts).map(([k, v]) => `${k} ${formatCount(v)}`).join(', ') || '—'}
                </Typography>
              )}
              {Object.entries(last.errors).map(([phase, reason]) => (
                <Typography key={phase} variant="body2" color="error">
                  {phase}: {reason}
                </Typography>
              ))}
            </Stack>
          ) : (
            <Typography variant="body2">No crawl yet.</Typography>
          )}
        </CardContent>
      </Card>
      <Card variant="outlined" sx={{ minWidth: 320 }} role="region" aria-label="Customer index">
        <CardHeader title="Customer index" subheader={`${formatCount(status.index.customers)} customers`} />
        <CardContent>
          <Table size="small" aria-label="Index counts per upstream">
            <TableHead>
              <TableRow>
                <TableCell />
                <TableCell align="right">Customers</TableCell>
                <TableCell align="right">Contracts</TableCell>
                <TableCell align="right">Subscriptions</TableCell>
                <TableCell align="right">Live</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              <TableRow>
                <TableCell component="th">Gigs</TableCell>
                <TableCell align="right">{formatCount(status.index.gigs.customers)}</TableCell>
                <TableCell align="right">—</TableCell>
                <TableCell align="right">{formatCount(status.index.gigs.subscriptions)}</TableCell>
                <TableCell align="right">{formatCount(status.index.gigs.live)}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell component="th">Centra</TableCell>
                <TableCell align="right">{formatCount(status.index.centra.customers)}</TableCell>
                <TableCell align="right">{formatCount(status.index.centra.contracts)}</TableCell>
                <TableCell align="right">{formatCount(status.index.centra.subscriptions)}</TableCell>
                <TableCell align="right">{formatCount(status.index.centra.live)}</TableCell>
              </TableRow>
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </Stack>
  );
}
