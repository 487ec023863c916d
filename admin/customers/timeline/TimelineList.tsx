import { Box, Typography, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, ListBase, Pagination, SimpleList, useRecordContext } from 'react-admin';
import type { TimelineLine } from '../../../server/timeline/lines.ts';
import { JsonDiff } from '../../audit/JsonDiff.tsx';
import { OutcomeChip } from '../../audit/OutcomeChip.tsx';
import { NO_VALUE } from '../../../server/vocabulary/index.ts';
import { useFormat, useOutcomes, useT, type Format, type Translate } from '../../i18n/index.ts';
import { useDescribeEntry } from './describe.ts';

type Line = TimelineLine & { id: string };

function What({ line: given }: { line?: Line }) {
  const fromContext = useRecordContext<Line>();
  const line = given ?? fromContext;
  const describe = useDescribeEntry();
  if (!line) return null;
  const { what, details } = describe(line);
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
function who(line: Line, t: Translate): string {
  if (line.kind === 'views') return '';
  const a = line.actor;
  if (!a) return NO_VALUE;
  if (a.email) return a.email;
  if (a.type === 'customer') return t('timeline.theCustomer');
  if (a.type === 'system') return t('timeline.system');
  return a.type;
}

const clock = (iso: string, format: Format) => new Date(iso).toLocaleTimeString(format.locale, { timeStyle: 'short' });

/** When it happened; a run of views spans a while: "2 Dec 2026, 09:10 – 09:42" in one cell. */
function when(line: Line, format: Format): string {
  const to = format.dateTime(line.time);
  if (line.kind !== 'views' || !line.firstTime) return to;
  const from = format.dateTime(line.firstTime);
  if (from === to) return to;
  return format.date(line.firstTime) === format.date(line.time) ? `${from} – ${clock(line.time, format)}` : `${from} – ${to}`;
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
  const t = useT();
  return (
    <Typography sx={{ p: 2 }} role="status">
      {t('timeline.empty')}
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
  const t = useT();
  const format = useFormat();
  const outcomes = useOutcomes();
  return (
    <ListBase
      resource="customer-timeline"
      filter={{ customerId }}
      sort={{ field: 'time', order: 'DESC' }}
      perPage={25}
      disableSyncWithLocation
      storeKey={false}
    >
      {phone ? (
        <SimpleList<Line>
          aria-label={t('timeline.list')}
          rowClick={false}
          primaryText={(l) => <What line={l} />}
          secondaryText={(l) =>
            [when(l, format), who(l, t), l.kind === 'views' || l.outcome === 'succeeded' ? '' : outcomes.of('audit', l.outcome).label]
              .filter(Boolean)
              .join(' · ')
          }
          empty={<Empty />}
        />
      ) : (
        <DataTable<Line>
          bulkActionButtons={false}
          rowClick={(_id, _resource, record) => (canOpen(record as Line) ? 'expand' : false)}
          expand={<Details />}
          isRowExpandable={canOpen}
          empty={<Empty />}
          aria-label={t('timeline.list')}
          hiddenColumns={[]}
        >
          <DataTable.Col source="time" label="timeline.when" render={(l: Line) => when(l, format)} sx={{ whiteSpace: 'nowrap' }} />
          <DataTable.Col label="timeline.what" disableSort>
            <What />
          </DataTable.Col>
          <DataTable.Col label="timeline.who" disableSort render={(l: Line) => who(l, t)} />
          <DataTable.Col
            label="timeline.outcome"
            disableSort
            render={(l: Line) =>
              l.kind === 'views' ? null : <OutcomeChip outcome={l.outcome === 'unknown' ? 'requested' : l.outcome} pending={l.outcome === 'unknown'} />
            }
          />
        </DataTable>
      )}
      <Pagination rowsPerPageOptions={[25, 50, 100]} />
    </ListBase>
  );
}
