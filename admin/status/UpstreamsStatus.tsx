import { Card, CardContent, CardHeader, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useApiGet } from '../useApiGet.ts';
import { NO_VALUE, numberFormat } from '../../server/vocabulary/index.ts';
import { useFormat, useT, type Format } from '../i18n/index.ts';

type Budget = {
  requestsPerSecond: number;
  backgroundPerSecond: number;
  granted: { staff: number; background: number };
  waiting: { staff: number; background: number };
  backgroundPausedUntil: number | null;
  rateLimited: number;
};
type List = { list: string; done: boolean; items: number; resumeFrom: unknown; error: string | null };
type Walk = {
  running: boolean;
  done: number;
  total: number;
  queued: number;
  remaining: number;
  etaSeconds: number | null;
  lastError: string | null;
  finishedAt: string | null;
};
type UpstreamsStatusData = {
  systems: { gigs: boolean; centra: boolean };
  crawl: { lists: List[] };
  centraContracts: { way: 'integration' | 'shop' | null; reason: string | null; notes: string[]; checkedAt: string | null; error: string | null; walk: Walk };
  budgets: { gigs: Budget | null; centra: Budget | null };
};

/** How long the rest takes: minutes to days, rounded as a person would say it. */
function hours(seconds: number, format: Format) {
  if (seconds < 120) return format.elapsed(seconds * 1000);
  if (seconds < 7200) return format.duration(Math.round(seconds / 60), 'minute');
  if (seconds < 172_800) return format.duration(Math.round(seconds / 360) / 10, 'hour');
  return format.duration(Math.round(seconds / 8640) / 10, 'day');
}

function ContractsWay({ c }: { c: UpstreamsStatusData['centraContracts'] }) {
  const w = c.walk;
  const t = useT();
  const format = useFormat();
  const n = format.count;
  const eta = w.etaSeconds ? hours(w.etaSeconds, format) : NO_VALUE;
  const walk = w.running
    ? w.queued
      ? t('status.upstream.walkRunningQueued', { done: n(w.done), total: n(w.total), queued: n(w.queued), eta })
      : t('status.upstream.walkRunning', { done: n(w.done), total: n(w.total), eta })
    : w.queued
      ? t('status.upstream.walkQueued', { queued: n(w.queued), eta })
      : w.finishedAt
        ? t('status.upstream.walkDone', { time: format.dateTime(w.finishedAt) })
        : t('status.upstream.noPass');
  return (
    <Stack spacing={1}>
      <Typography variant="body2">
        {c.way === 'integration' && t('status.upstream.integration')}
        {c.way === 'shop' && t('status.upstream.shop')}
        {c.way === null && t('status.upstream.undecided')}
      </Typography>
      {/* The reasons and notes are the server's, in its words (the API is English). */}
      {c.reason && (
        <Typography variant="body2" color="warning.main">
          {t('status.upstream.whyNot', { reason: c.reason })}
        </Typography>
      )}
      {c.notes.map((note) => (
        <Typography key={note} variant="body2" color="text.secondary">
          {t('status.upstream.note', { note })}
        </Typography>
      ))}
      {c.error && (
        <Typography variant="body2" color="error">
          {t('status.upstream.checkFailed', { error: c.error })}
        </Typography>
      )}
      {c.way === 'shop' && (
        <Typography variant="body2" role="status">
          {walk}
        </Typography>
      )}
      {w.lastError && (
        <Typography variant="body2" color="error">
          {t('status.upstream.stopped', { error: w.lastError })}
        </Typography>
      )}
    </Stack>
  );
}

function BudgetRow({ name, b }: { name: string; b: Budget | null }) {
  const t = useT();
  const format = useFormat();
  if (!b) return null;
  const n = format.count;
  const perSecond = (v: number) => t('status.upstream.perSecond', { rate: numberFormat(format.locale, '1').format(v) });
  return (
    <TableRow>
      <TableCell component="th">{name}</TableCell>
      <TableCell align="right">{perSecond(b.requestsPerSecond)}</TableCell>
      <TableCell align="right">{perSecond(b.backgroundPerSecond)}</TableCell>
      <TableCell align="right">
        {n(b.granted.staff)} / {n(b.granted.background)}
      </TableCell>
      <TableCell align="right">
        {b.rateLimited ? (b.backgroundPausedUntil ? t('status.upstream.backgroundPaused', { count: n(b.rateLimited) }) : n(b.rateLimited)) : '0'}
      </TableCell>
    </TableRow>
  );
}

/** How subdesk reads each upstream: every list's state, how Centra's contracts are listed, the rate budgets. */
export function UpstreamsStatus() {
  // The same query as IndexStatus's (one request every 5 s for both).
  const { data, error } = useApiGet<UpstreamsStatusData>('status', { refetchInterval: 5000 });
  const t = useT();
  const format = useFormat();
  if (error && !data) return <Typography color="error">{t('status.upstream.unreadable', { message: error.message })}</Typography>;
  if (!data) return null;
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Card variant="outlined" sx={{ minWidth: 320, maxWidth: 640 }} role="region" aria-label={t('status.upstream.lists')}>
        <CardHeader title={t('status.upstream.lists')} subheader={t('status.upstream.listsNote')} />
        <CardContent>
          <Table size="small" aria-label={t('status.upstream.listsTable')}>
            <TableHead>
              <TableRow>
                <TableCell>{t('status.upstream.list')}</TableCell>
                <TableCell align="right">{t('status.upstream.items')}</TableCell>
                <TableCell>{t('status.upstream.state')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.crawl.lists.map((l) => (
                <TableRow key={l.list}>
                  <TableCell component="th">{l.list}</TableCell>
                  <TableCell align="right">{format.count(l.items)}</TableCell>
                  <TableCell>
                    {l.error ? (
                      <Typography variant="body2" color="error">
                        {l.resumeFrom
                          ? t('status.upstream.resumesFrom', { error: l.error, from: JSON.stringify(l.resumeFrom) })
                          : t('status.upstream.resumesFromStart', { error: l.error })}
                      </Typography>
                    ) : (
                      <Chip size="small" label={t(l.done ? 'status.upstream.done' : 'status.upstream.inProgress')} color={l.done ? 'success' : 'info'} />
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      {data.systems.centra && (
        <Card variant="outlined" sx={{ minWidth: 320, maxWidth: 520 }} role="region" aria-label={t('status.upstream.centraContracts')}>
          <CardHeader title={t('status.upstream.centraContracts')} />
          <CardContent>
            <ContractsWay c={data.centraContracts} />
          </CardContent>
        </Card>
      )}
      <Card variant="outlined" sx={{ minWidth: 320 }} role="region" aria-label={t('status.upstream.budgets')}>
        <CardHeader title={t('status.upstream.budgets')} subheader={t('status.upstream.budgetsNote')} />
        <CardContent>
          <Table size="small" aria-label={t('status.upstream.budgetsTable')}>
            <TableHead>
              <TableRow>
                <TableCell />
                <TableCell align="right">{t('status.upstream.budget')}</TableCell>
                <TableCell align="right">{t('status.upstream.background')}</TableCell>
                <TableCell align="right">{t('status.upstream.calls')}</TableCell>
                <TableCell align="right">{t('status.upstream.rateLimited')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.systems.gigs && <BudgetRow name="Gigs" b={data.budgets.gigs} />}
              {data.systems.centra && <BudgetRow name="Centra" b={data.budgets.centra} />}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </Stack>
  );
}
