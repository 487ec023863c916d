import { useState, type ReactNode } from 'react';
import { Alert, Button, Checkbox, CircularProgress, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, FormControlLabel, Stack } from '@mui/material';
import { useDataProvider, useGetList, useRefresh } from 'react-admin';
import { useMutation } from '@tanstack/react-query';
import type { SubdeskDataProvider } from '../dataProvider.ts';
import type { ConnectLinkRecord } from '../connect-links/types.ts';
import { INTENT_EXPLAINER, LINK_NAME, type AgentIntent } from './intents.ts';
import { LinkPanel } from './LinkPanel.tsx';
import { LinkProgress } from './LinkProgress.tsx';
import { madeAgo } from '../customers/age.ts';

type Props = {
  open: boolean;
  onClose: () => void;
  title: string;
  customerId: string;
  /** The intent to send; null while the agent has not chosen yet (the button stays disabled). */
  intent: AgentIntent | null;
  /** A chooser (plan, add-on) and anything else to read before making the link. */
  children?: ReactNode;
};

const newClickId = () => crypto.randomUUID();

/** The links already waiting for this customer with the same intent (and subscription): the server's list. */
function usePendingTwins(customerId: string, intent: AgentIntent | null, enabled: boolean) {
  const subscriptionId = intent && 'subscription' in intent ? intent.subscription : undefined;
  const { data } = useGetList<ConnectLinkRecord>(
    'connect-sessions',
    { filter: { customerId, intent: intent?.type, outcome: 'pending', ...(subscriptionId ? { subscriptionId } : {}) }, sort: { field: 'createdAt', order: 'DESC' }, pagination: { page: 1, perPage: 10 } },
    { enabled: enabled && Boolean(intent), staleTime: 0 },
  );
  return data ?? [];
}

/**
 * Prepare → create (pessimistic: the button waits for Gigs' real answer) → the link, once, then
 * followed live until the customer completes or leaves it. One clientRequestId per dialog:
 * "Create link" pressed again after a timeout replays the same session instead of making a second.
 * When links for the same thing are still pending, the agent is told first and must say so.
 */
export function ConnectDialog({ open, onClose, title, customerId, intent, children }: Props) {
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const [clickId, setClickId] = useState(newClickId);
  const [link, setLink] = useState<{ id: string; url: string } | null>(null);
  const [another, setAnother] = useState(false);
  const refresh = useRefresh();
  const twins = usePendingTwins(customerId, intent, open && !link);
  const create = useMutation({
    mutationFn: (chosen: AgentIntent) => dataProvider.createConnectLink({ customerId, clientRequestId: clickId, intent: chosen }),
    onSuccess: (made) => setLink({ id: made.id, url: made.url }),
  });

  const close = () => {
    // The link goes with the dialog; the next opening is a new click.
    setLink(null);
    setAnother(false);
    create.reset();
    setClickId(newClickId());
    onClose();
    refresh();
  };

  const busy = create.isPending;
  const mustConfirm = twins.length > 0 && !another;
  const titleId = `connect-dialog-${clickId}`;
  return (
    <Dialog open={open} onClose={busy ? undefined : close} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>{link ? 'Connect link ready' : title}</DialogTitle>
      <DialogContent>
        {link ? (
          <Stack spacing={2}>
            <LinkProgress id={link.id} />
            <LinkPanel url={link.url} />
          </Stack>
        ) : (
          <Stack spacing={2}>
            {intent && <DialogContentText>{INTENT_EXPLAINER[intent.type]}</DialogContentText>}
            {children}
            {intent && twins.length > 0 && (
              <Alert severity="warning" role="alert">
                {twins.length === 1
                  ? `A ${LINK_NAME[intent.type]} for this is still pending: made ${madeAgo(twins[0]!.createdAt)} by ${twins[0]!.staffEmail ?? 'someone'}.`
                  : `${twins.length} ${LINK_NAME[intent.type]}s for this are still pending, the newest made ${madeAgo(twins[0]!.createdAt)}.`}{' '}
                The customer can still use it. Revoke it on the History tab if it was wrong, or make another one.
                <FormControlLabel sx={{ display: 'flex', mt: 1 }} control={<Checkbox checked={another} onChange={(e) => setAnother(e.target.checked)} />} label="Make another link anyway" />
              </Alert>
            )}
            {create.error && <Alert severity="error">{create.error.message || 'The link could not be made. Try again.'}</Alert>}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {link ? (
          <Button onClick={close}>Close</Button>
        ) : (
          <>
            <Button onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button variant="contained" onClick={() => intent && create.mutate(intent)} disabled={!intent || busy || mustConfirm} startIcon={busy ? <CircularProgress size={16} /> : undefined}>
              {busy ? 'Creating link…' : 'Create link'}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
