import { NO_VALUE, orNoValue } from '../../server/vocabulary/index.ts';
import { Card, CardContent, CardHeader, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';

import { useApiGet } from '../useApiGet.ts';
import { useFormat, useT, type Format, type Translate } from '../i18n/index.ts';

type Run = {
  id: number;
  kind: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  counts: Record<string, number>;
  errors: Record<string, string>;
};
type Status = {
  crawl: {
    running: boolean;
    progress: Record<string, number> | null;
    intervalSeconds: number;
    scheduledKind: 'full' | 'incremental';
    last: Run | null;
    lastSucceeded: Run | null;
  };
  index: {
    customers: number;
    gigs: { customers: number; subscriptions: number; live: number };
    centra: { customers: number; contracts: number; subscriptions: number; live: number };
  };
};

const STATUS_COLOR: Record<string, 'success' | 'error' | 'warning' | 'info'> = {
  succeeded: 'success',
  failed: 'error',
  interrupted: 'warning',
  running: 'info',
};
const RUN_STATUSES = ['succeeded', 'failed', 'interrupted', 'running'] as const;
const KINDS = ['full', 'incremental'] as const;

/** A run's status or kind in words; one subdesk has no word for is shown as it comes. */
const runStatus = (s: string, t: Translate) =>
  (RUN_STATUSES as readonly string[]).includes(s) ? t(`status.index.runStatus.${s as (typeof RUN_STATUSES)[number]}`) : s;
const kindOf = (k: string, t: Translate) => ((KINDS as readonly string[]).includes(k) ? t(`status.index.kinds.${k as (typeof KINDS)[number]}`) : k);

/** How often crawls run: with a change feed on, a full crawl once a day reconciles what it missed. */
function scheduleText(seconds: number, kind: 'full' | 'incremental', t: Translate, format: Format) {
  if (!seconds) return t('status.index.scheduleOff');
  const every =
    seconds % 86_400 === 0
      ? seconds === 86_400
        ? t('status.index.onceADay')
        : t('status.index.everyDays', { days: seconds / 86_400 })
      : t('status.index.everySeconds', { seconds: format.count(seconds) });
  return t(kind === 'full' ? 'status.index.fullSchedule' : 'status.index.incrementalSchedule', { every });
}

/** A running crawl's progress: items read per list, then people built into the index. */
function progressText(progress: Record<string, number>, t: Translate, format: Format) {
  const { build, ...read } = progress;
  const parts = Object.entries(read).map(([list, items]) => `${list} ${format.count(items)}`);
  const reading = parts.length ? t('status.index.readLists', { lists: parts.join(', ') }) : t('status.index.readingUpstreams');
  return build === undefined ? reading : t('status.index.built', { reading, count: format.count(build) });
}

/** The customer index: the last crawl and what the index holds per upstream (no personal data). */
export function IndexStatus() {
  // Every 5 s while the page is shown, to follow a running crawl.
  const { data: status, error } = useApiGet<Status>('status', { refetchInterval: 5000 });
  const t = useT();
  const format = useFormat();
  const duration = (ms: number | null) => orNoValue(format.elapsed(ms));
  if (error && !status) return <Typography color="error">{t('status.index.unreadable', { message: error.message })}</Typography>;
  if (!status) return <Typography>{t('status.index.reading')}</Typography>;
  const last = status.crawl.last;
  const state = status.crawl.running ? 'running' : last?.status;
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Card variant="outlined" sx={{ minWidth: 320 }} role="region" aria-label={t('status.index.lastCrawl')}>
        <CardHeader title={t('status.index.lastCrawl')} subheader={scheduleText(status.crawl.intervalSeconds, status.crawl.scheduledKind, t, format)} />
        <CardContent>
          {last ? (
            <Stack spacing={1}>
              <Stack direction="row" spacing={1}>
                <Chip label={runStatus(state ?? '', t)} color={STATUS_COLOR[state ?? ''] ?? 'info'} />
                <Chip label={kindOf(last.kind, t)} variant="outlined" />
              </Stack>
              <Typography variant="body2">{t('status.index.started', { time: format.dateTime(last.startedAt) })}</Typography>
              <Typography variant="body2">
                {status.crawl.running
                  ? t('status.index.runningFor', { duration: duration(Date.now() - new Date(last.startedAt).getTime()) })
                  : t('status.index.duration', { duration: duration(last.durationMs) })}
              </Typography>
              {status.crawl.running && status.crawl.progress ? (
                <Typography variant="body2" role="status">
                  {t('status.index.soFar', { progress: progressText(status.crawl.progress, t, format) })}
                </Typography>
              ) : (
                <Typography variant="body2">
                  {t('status.index.read', {
                    counts: orNoValue(
                      Object.entries(last.counts)
                        .map(([k, v]) => `${k} ${format.count(v)}`)
                        .join(', '),
                    ),
                  })}
                </Typography>
              )}
              {Object.entries(last.errors).map(([phase, reason]) => (
                <Typography key={phase} variant="body2" color="error">
                  {phase}: {reason}
                </Typography>
              ))}
            </Stack>
          ) : (
            <Typography variant="body2">{t('status.index.noCrawl')}</Typography>
          )}
        </CardContent>
      </Card>
      <Card variant="outlined" sx={{ minWidth: 320 }} role="region" aria-label={t('status.customerIndex')}>
        <CardHeader title={t('status.customerIndex')} subheader={t('status.index.customers', { count: format.count(status.index.customers) })} />
        <CardContent>
          <Table size="small" aria-label={t('status.index.countsTable')}>
            <TableHead>
              <TableRow>
                <TableCell />
                <TableCell align="right">{t('status.index.columns.customers')}</TableCell>
                <TableCell align="right">{t('status.index.columns.contracts')}</TableCell>
                <TableCell align="right">{t('status.index.columns.subscriptions')}</TableCell>
                <TableCell align="right">{t('status.index.columns.live')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              <TableRow>
                <TableCell component="th">Gigs</TableCell>
                <TableCell align="right">{format.count(status.index.gigs.customers)}</TableCell>
                <TableCell align="right">{NO_VALUE}</TableCell>
                <TableCell align="right">{format.count(status.index.gigs.subscriptions)}</TableCell>
                <TableCell align="right">{format.count(status.index.gigs.live)}</TableCell>
              </TableRow>
              <TableRow>
                <TableCell component="th">Centra</TableCell>
                <TableCell align="right">{format.count(status.index.centra.customers)}</TableCell>
                <TableCell align="right">{format.count(status.index.centra.contracts)}</TableCell>
                <TableCell align="right">{format.count(status.index.centra.subscriptions)}</TableCell>
                <TableCell align="right">{format.count(status.index.centra.live)}</TableCell>
              </TableRow>
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </Stack>
  );
}
