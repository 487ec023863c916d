import { Alert, CircularProgress, Stack, Typography } from '@mui/material';
import { useGetOne } from 'react-admin';
import type { ConnectLinkRecord } from '../connect-links/types.ts';
import { useT, type MessageKey, type MessageParams } from '../i18n/index.ts';

type Live = ConnectLinkRecord & { gigsStatus: string | null };

/** How often the dialog asks while the customer may still act. */
const FOLLOW_EVERY_MS = 2_000;

/** What the agent reads while watching: subdesk's settled outcome first, else what Gigs says now. */
function sentence(l: Live | undefined): { severity: 'info' | 'success' | 'warning' | 'error'; text: MessageKey; params?: MessageParams; waiting: boolean } {
  if (!l) return { severity: 'info', text: 'linkProgress.following', waiting: true };
  switch (l.outcome) {
    case 'completed':
      return { severity: 'success', text: 'linkProgress.completed', waiting: false };
    case 'abandoned':
      return { severity: 'info', text: 'linkProgress.abandoned', waiting: false };
    case 'failed':
      return l.callbackStatus
        ? { severity: 'error', text: 'linkProgress.failedSaid', params: { status: l.callbackStatus }, waiting: false }
        : { severity: 'error', text: 'linkProgress.failed', waiting: false };
    case 'revoked':
      return { severity: 'warning', text: 'linkProgress.revoked', waiting: false };
  }
  switch (l.gigsStatus) {
    case 'opened':
      return { severity: 'info', text: 'linkProgress.opened', waiting: true };
    case 'completed':
    case 'abandoned':
      return { severity: 'info', text: 'linkProgress.confirming', waiting: true };
    case 'expired':
      return { severity: 'warning', text: 'linkProgress.expired', waiting: false };
    default:
      return { severity: 'info', text: 'linkProgress.waiting', waiting: true };
  }
}

/**
 * The link followed live while the dialog is open: asked again every two seconds through the data
 * layer (GET /api/connect-sessions/:id, which asks Gigs) until it is settled.
 */
export function LinkProgress({ id }: { id: string }) {
  const { data } = useGetOne<Live>(
    'connect-sessions',
    { id },
    { refetchInterval: (q) => (!q.state.data || q.state.data.outcome === 'pending' ? FOLLOW_EVERY_MS : false), staleTime: 0 },
  );
  const s = sentence(data);
  const t = useT();
  return (
    <Alert
      severity={s.severity}
      role="status"
      aria-live="polite"
      aria-label={t('linkProgress.label')}
      icon={s.waiting ? <CircularProgress size={18} /> : undefined}
    >
      <Stack>
        <Typography variant="body2">{t(s.text, s.params)}</Typography>
      </Stack>
    </Alert>
  );
}
