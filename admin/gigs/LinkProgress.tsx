import { Alert, CircularProgress, Stack, Typography } from '@mui/material';
import { useGetOne } from 'react-admin';
import type { ConnectLinkRecord } from '../connect-links/types.ts';

type Live = ConnectLinkRecord & { gigsStatus: string | null };

/** How often the dialog asks while the customer may still act. */
const FOLLOW_EVERY_MS = 2_000;

/** What the agent reads while watching: subdesk's settled outcome first, else what Gigs says now. */
function sentence(l: Live | undefined): { severity: 'info' | 'success' | 'warning' | 'error'; text: string; waiting: boolean } {
  if (!l) return { severity: 'info', text: 'Following the link…', waiting: true };
  switch (l.outcome) {
    case 'completed':
      return { severity: 'success', text: 'The customer completed it in Connect.', waiting: false };
    case 'abandoned':
      return { severity: 'info', text: 'The customer left Connect without completing it; nothing changed.', waiting: false };
    case 'failed':
      return { severity: 'error', text: `The link did not work${l.callbackStatus ? ` (Connect said "${l.callbackStatus}")` : ''}: nothing changed. Make a new one if the customer still wants it.`, waiting: false };
    case 'revoked':
      return { severity: 'warning', text: 'This link was revoked in subdesk.', waiting: false };
  }
  switch (l.gigsStatus) {
    case 'opened':
      return { severity: 'info', text: 'The customer opened the link and is in Connect now.', waiting: true };
    case 'completed':
    case 'abandoned':
      return { severity: 'info', text: 'The customer is done in Connect; confirming the outcome…', waiting: true };
    case 'expired':
      return { severity: 'warning', text: 'The link has expired before the customer used it. Make a new one if they still want it.', waiting: false };
    default:
      return { severity: 'info', text: 'Waiting for the customer to open the link.', waiting: true };
  }
}

/**
 * The link followed live while the dialog is open: asked again every two seconds through the data
 * layer (GET /api/connect-sessions/:id, which asks Gigs) until it is settled.
 */
export function LinkProgress({ id }: { id: string }) {
  const { data } = useGetOne<Live>('connect-sessions', { id }, { refetchInterval: (q) => (!q.state.data || q.state.data.outcome === 'pending' ? FOLLOW_EVERY_MS : false), staleTime: 0 });
  const s = sentence(data);
  return (
    <Alert severity={s.severity} role="status" aria-live="polite" aria-label="Link progress" icon={s.waiting ? <CircularProgress size={18} /> : undefined}>
      <Stack>
        <Typography variant="body2">{s.text}</Typography>
      </Stack>
    </Alert>
  );
}
