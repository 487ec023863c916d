import { useState, type ReactNode } from 'react';
import { Alert, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack } from '@mui/material';
import { useRefresh } from 'react-admin';
import { createConnectLink } from './api.ts';
import { INTENT_EXPLAINER, type AgentIntent } from './intents.ts';
import { LinkPanel } from './LinkPanel.tsx';

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

/**
 * Prepare → create (pessimistic: the button waits for Gigs' real answer) → the link, once.
 * One clientRequestId per dialog: "Create link" pressed again after a timeout replays the same
 * session instead of making a second one.
 */
export function ConnectDialog({ open, onClose, title, customerId, intent, children }: Props) {
  const [clickId, setClickId] = useState(newClickId);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const refresh = useRefresh();

  const close = () => {
    // The link goes with the dialog; the next opening is a new click.
    setUrl(null);
    setError(null);
    setClickId(newClickId());
    onClose();
    refresh();
  };

  const create = async () => {
    if (!intent) return;
    setBusy(true);
    setError(null);
    try {
      const link = await createConnectLink(customerId, clickId, intent);
      setUrl(link.url);
    } catch (err) {
      setError((err as Error).message || 'The link could not be made. Try again.');
    } finally {
      setBusy(false);
    }
  };

  const titleId = `connect-dialog-${clickId}`;
  return (
    <Dialog open={open} onClose={busy ? undefined : close} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <DialogTitle id={titleId}>{url ? 'Connect link ready' : title}</DialogTitle>
      <DialogContent>
        {url ? (
          <LinkPanel url={url} />
        ) : (
          <Stack spacing={2}>
            {intent && <DialogContentText>{INTENT_EXPLAINER[intent.type]}</DialogContentText>}
            {children}
            {error && <Alert severity="error">{error}</Alert>}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {url ? (
          <Button onClick={close}>Close</Button>
        ) : (
          <>
            <Button onClick={close} disabled={busy}>
              Cancel
            </Button>
            <Button variant="contained" onClick={create} disabled={!intent || busy} startIcon={busy ? <CircularProgress size={16} /> : undefined}>
              {busy ? 'Creating link…' : 'Create link'}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
