import { Card, CardContent, CardHeader, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useApiGet } from '../useApiGet.ts';
import { DEFAULT_LOCALE, formatCount, formatDateTime, formatDuration, formatElapsed, numberFormat } from '../../server/vocabulary/index.ts';

type Budget = { requestsPerSecond: number; backgroundPerSecond: number; granted: { staff: number; background: number }; waiting: { staff: number; background: number }; backgroundPausedUntil: number | null; rateLimited: number };
type List = { list: string; done: boolean; items: number; resumeFrom: unknown; error: string | null };
type Walk = { running: boolean; done: number; total: number; queued: number; remaining: number; etaSeconds: number | null; lastError: string | null; finishedAt: string | null };
type UpstreamsStatusData = {
  systems: { gigs: boolean; centra: boolean };
  crawl: { lists: List[] };
  centraContracts: { way: 'integration' | 'shop' | null; reason: string | null; notes: string[]; checkedAt: string | null; error: string | null; walk: Walk };
  budgets: { gigs: Budget | null; centra: Budget | null };
};

const n = (v: number) => formatCount(v);
const perSecond = (v: number) => `${numberFormat(DEFAULT_LOCALE, '1').format(v)}/s`;

/** How long the rest takes: minutes to days, rounded as a person would say it. */
function hours(seconds: number) {
  if (seconds < 120) return formatElapsed(seconds * 1000);
  if (seconds < 7200) return formatDuration(Math.round(seconds / 60), 'minute');
  if (seconds < 172_800) return formatDuration(Math.round(seconds / 360) / 10, 'hour');
  return formatDuration(Math.round(seconds / 8640) / 10, 'day');
}

function ContractsWay({ c }: { c: UpstreamsStatusData['centraContracts'] }) {
  const w = c.walk;
  return (
    <Stack spacing={1}>
      <Typography variant="body2">
        {c.way === 'integration' && 'Listed in bulk through the Integration API.'}
        {c.way === 'shop' && 'Read through the Shop API, one customer at a time, in the background.'}
        {c.way === null && 'Not decided yet (Centra has not been asked).'}
      </Typography>
      {c.reason && <Typography variant="body2" color="warning.main">Why not the Integration API: {c.reason}.</Typography>}
      {c.notes.map((note) => <Typography key={note} variant="body2" color="text.secondary">Note: {note}.</Typography>)}
      {c.error && <Typography variant="body2" color="error">Last check failed: {c.error}</Typography>}
      {c.way === 'shop' && (
        <Typography variant="body2" role="status">
          {w.running
            ? `${n(w.done)} of ${n(w.total)} customers read${w.queued ? `, ${n(w.queued)} changed ones waiting` : ''}; the rest takes about ${w.etaSeconds ? hours(w.etaSeconds) : '—'} at the current budget.`
            : w.queued
              ? `${n(w.queued)} changed customers waiting; about ${w.etaSeconds ? hours(w.etaSeconds) : '—'}.`
              : w.finishedAt ? `Every customer read (last pass ended ${formatDateTime(w.finishedAt)}).` : 'No pass yet.'}
        </Typography>
      )}
      {w.lastError && <Typography variant="body2" color="error">Stopped, retrying: {w.lastError}</Typography>}
    </Stack>
  );
}

function BudgetRow({ name, b }: { name: string; b: Budget | null }) {
  if (!b) return null;
  return (
    <TableRow>
      <TableCell component="th">{name}</TableCell>
      <TableCell align="right">{perSecond(b.requestsPerSecond)}</TableCell>
      <TableCell align="right">{perSecond(b.backgroundPerSecond)}</TableCell>
      <TableCell align="right">{n(b.granted.staff)} / {n(b.granted.background)}</TableCell>
      <TableCell align="right">{b.rateLimited ? `${n(b.rateLimited)}${b.backgroundPausedUntil ? ' (background paused)' : ''}` : '0'}</TableCell>
    </TableRow>
  );
}

/** How subdesk reads each upstream: every list's state, how Centra's contracts are listed, the rate budgets. */
export function UpstreamsStatus() {
  // The same query as IndexStatus's (one request every 5 s for both).
  const { data, error } = useApiGet<UpstreamsStatusData>('status', { refetchInterval: 5000 });
  if (error && !data) return <Typography color="error">The upstream status could not be read: {error.message}</Typography>;
  if (!data) return null;
  return (
    <Stack direction="row" spacing={2} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Card variant="outlined" sx={{ minWidth: 320, maxWidth: 640 }} role="region" aria-label="Lists">
        <CardHeader title="Lists" subheader="Where each list of the last crawl got to" />
        <CardContent>
          <Table size="small" aria-label="Crawl lists">
            <TableHead>
              <TableRow>
                <TableCell>List</TableCell>
                <TableCell align="right">Items</TableCell>
                <TableCell>State</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.crawl.lists.map((l) => (
                <TableRow key={l.list}>
                  <TableCell component="th">{l.list}</TableCell>
                  <TableCell align="right">{n(l.items)}</TableCell>
                  <TableCell>
                    {l.error ? <Typography variant="body2" color="error">{l.error}; the next crawl resumes {l.resumeFrom ? `from ${JSON.stringify(l.resumeFrom)}` : 'from the start'}</Typography> : <Chip size="small" label={l.done ? 'done' : 'in progress'} color={l.done ? 'success' : 'info'} />}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      {data.systems.centra && (
        <Card variant="outlined" sx={{ minWidth: 320, maxWidth: 520 }} role="region" aria-label="Centra contracts">
          <CardHeader title="Centra contracts" />
          <CardContent>
            <ContractsWay c={data.centraContracts} />
          </CardContent>
        </Card>
      )}
      <Card variant="outlined" sx={{ minWidth: 320 }} role="region" aria-label="Rate budgets">
        <CardHeader title="Rate budgets" subheader="Staff first; background work takes at most its share" />
        <CardContent>
          <Table size="small" aria-label="Rate budgets per upstream">
            <TableHead>
              <TableRow>
                <TableCell />
                <TableCell align="right">Budget</TableCell>
                <TableCell align="right">Background</TableCell>
                <TableCell align="right">Calls staff / background</TableCell>
                <TableCell align="right">429s</TableCell>
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
