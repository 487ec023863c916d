import { Alert, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useGetList, useRecordContext } from 'react-admin';
import { formatDateTime } from '../../server/vocabulary/index.ts';
import { OutcomeChip } from '../audit/OutcomeChip.tsx';

type Entry = { id: number; requestId: string; time: string; actorEmail: string | null; actorRole: string | null; action: string; outcome: string; targetType: string | null; targetId: string | null };

/** The customer's audit trail: who viewed or changed what, newest first. */
export function HistoryTab() {
  const record = useRecordContext<{ id: string }>();
  const { data, isPending, error } = useGetList<Entry>(
    'audit-events',
    { filter: { customerId: record?.id }, sort: { field: 'seq', order: 'DESC' }, pagination: { page: 1, perPage: 100 } },
    { enabled: Boolean(record?.id) },
  );
  if (!record) return null;
  if (isPending) return <Typography sx={{ p: 2 }}>Loading history…</Typography>;
  if (error) return <Alert severity="error" sx={{ m: 2 }}>The history could not be loaded: {(error as Error).message}</Alert>;
  if (!data?.length) return <Typography sx={{ p: 2 }}>No history yet.</Typography>;
  // A `requested` entry is only "outcome unknown" while no outcome with its request id follows.
  const settled = new Set(data.filter((e) => e.outcome !== 'requested').map((e) => e.requestId));
  return (
    <Table size="small" aria-label="Customer history">
      <TableHead>
        <TableRow>
          <TableCell>When</TableCell>
          <TableCell>Who</TableCell>
          <TableCell>Action</TableCell>
          <TableCell>Target</TableCell>
          <TableCell>Outcome</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {data.map((e) => (
          <TableRow key={e.id}>
            <TableCell>{formatDateTime(e.time)}</TableCell>
            <TableCell>
              {e.actorEmail ?? '—'}
              {e.actorRole ? ` (${e.actorRole})` : ''}
            </TableCell>
            <TableCell>{e.action}</TableCell>
            <TableCell>{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</TableCell>
            <TableCell>
              <OutcomeChip outcome={e.outcome} pending={e.outcome === 'requested' && !settled.has(e.requestId)} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
