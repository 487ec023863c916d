import { Stack } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { CustomerRecord } from '../types.ts';
import { NoteForm } from './NoteForm.tsx';
import { PendingLinks } from './PendingLinks.tsx';
import { TimelineList } from './TimelineList.tsx';

/**
 * What happened with this customer, newest first: a note field on top (the agent's "why"), the
 * Connect links still waiting for the customer, then every action and view in plain words.
 */
export function TimelineTab() {
  const c = useRecordContext<CustomerRecord>();
  if (!c) return null;
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <NoteForm customerId={c.id} />
      <PendingLinks customer={c} />
      <TimelineList customerId={c.id} />
    </Stack>
  );
}
