import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, ListBase, Pagination, SimpleList, useRecordContext } from 'react-admin';
import type { TimelineLine } from '../../../server/timeline/lines.ts';
import { JsonDiff } from '../../audit/JsonDiff.tsx';
import { OutcomeChip } from '../../audit/OutcomeChip.tsx';
import { formatDate, formatDateTime } from '../../../server/vocabulary/index.ts';
import { describeEntry } from './describe.ts';

type Line = TimelineLine & { id: string };

function What({ line: given }: { line?: Line }) {
  const fromContext = useRecordContext<Line>();
  const line = given ?? fromContext;
  if (!line) return null;
  const { what, details } = describeEntry(line);
  return (
    <>
      <Typography variant="body2" sx={{ whiteSpace: 'pre-line', wordBreak: 'break-word' }}>
        {what}
      </Typography>
      {details.map((d) => (
        <Typography key={d} variant="caption" color="text.secondary" component="div">
          {d}
        </Typography>
      ))}
    </>
  );
}

/** Who acted: the staff member, the customer (through Connect) or subdesk itself. */
function who(line: Line): string {
  if (line.kind === 'views') return '';
  const a = line.actor;
  if (!a) return '—';
  if (a.email) return a.email;
  if (a.type === 'customer') return 'the customer';
  if (a.type === 'system') return 'subdesk (system)';
  return a.type;
}

const clock = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { timeStyle: 'short' });

/** When it happened; a run of views spans a while: "2 Dec 2026, 09:10 – 09:42" in one cell. */
function when(line: Line): string {
  const to = formatDateTime(line.time);
  if (line.kind !== 'views' || !line.firstTime) return to;
  const from = formatDateTime(line.firstTime);
  if (from === to) return to;
  return formatDate(line.firstTime) === formatDate(line.time) ? `${from} – ${clock(line.time)}` : `${from} – ${to}`;
}

/** Before and after, shown when the agent opens a line. */
function Details() {
  const line = useRecordContext<Line>();
  if (!line) return null;
  return (
    <Box sx={{ py: 1 }}>
      <JsonDiff before={line.before} after={line.after} />
    </Box>
  );
}

/** Lines with a state before or after to compare (a note's text is already the line). */
const canOpen = (line: Line) => line.kind === 'action' && line.action !== 'customer.note.create' && (line.before != null || line.after != null);

function Empty() {
  return (
    <Typography sx={{ p: 2 }} role="status">
      No history yet.
    </Typography>
  );
}

/**
 * The customer's history as the server pages it (GET /api/customer-timeline): one line per
 * action with its outcome, views folded, before/after on click. Its own list, not the page's URL.
 */
export function TimelineList({ customerId }: { customerId: string }) {
  // On a phone a table of four columns does not fit: one line each, what happened first.
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  return (
    <ListBase resource="customer-timeline" filter={{ customerId }} sort={{ field: 'time', order: 'DESC' }} perPage={25} disableSyncWithLocation storeKey={false}>
      {phone ? (
        <SimpleList<Line>
          aria-label="Customer history"
          rowClick={false}
          primaryText={(l) => <What line={l} />}
          secondaryText={(l) => [when(l), who(l), l.kind === 'views' || l.outcome === 'succeeded' ? '' : l.outcome === 'unknown' ? 'outcome unknown' : l.outcome].filter(Boolean).join(' · ')}
          empty={<Empty />}
        />
      ) : (
      <DataTable<Line> bulkActionButtons={false} rowClick={(_id, _resource, record) => (canOpen(record as Line) ? 'expand' : false)} expand={<Details />} isRowExpandable={canOpen} empty={<Empty />} aria-label="Customer history" hiddenColumns={[]}>
        <DataTable.Col source="time" label="When" render={when} sx={{ whiteSpace: 'nowrap' }} />
        <DataTable.Col label="What happened" disableSort>
          <What />
        </DataTable.Col>
        <DataTable.Col label="Who" disableSort render={who} />
        <DataTable.Col label="Outcome" disableSort render={(l: Line) => (l.kind === 'views' ? null : <OutcomeChip outcome={l.outcome === 'unknown' ? 'requested' : l.outcome} pending={l.outcome === 'unknown'} />)} />
      </DataTable>
      )}
      <Pagination rowsPerPageOptions={[25, 50, 100]} />
    </ListBase>
  );
}
