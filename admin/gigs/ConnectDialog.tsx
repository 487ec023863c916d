import { useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  Stack,
} from '@mui/material';
import { useDataProvider, useGetList, useRefresh } from 'react-admin';
import { useMutation } from '@tanstack/react-query';
import type { SubdeskDataProvider } from '../dataProvider.ts';
import type { ConnectLinkRecord } from '../connect-links/types.ts';
import { useIntentWords, type AgentIntent } from './intents.ts';
import { LinkPanel } from './LinkPanel.tsx';
import { LinkProgress } from './LinkProgress.tsx';
import { useMadeAgo } from '../customers/age.ts';
import { useT } from '../i18n/index.ts';

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
    {
      filter: { customerId, intent: intent?.type, outcome: 'pending', ...(subscriptionId ? { subscriptionId } : {}) },
      sort: { field: 'createdAt', order: 'DESC' },
      pagination: { page: 1, perPage: 10 },
    },
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
  const t = useT();
  const intents = useIntentWords();
  const madeAgo = useMadeAgo();
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
      <DialogTitle id={titleId}>{link ? t('connectDialog.ready') : title}</DialogTitle>
      <DialogContent>
        {link ? (
          <Stack spacing={2}>
            <LinkProgress id={link.id} />
            <LinkPanel url={link.url} />
          </Stack>
        ) : (
          <Stack spacing={2}>
            {intent && <DialogContentText>{intents.explain(intent.type)}</DialogContentText>}
            {children}
            {intent && twins.length > 0 && (
              <Alert severity="warning" role="alert">
                {twins.length === 1
                  ? t('connectDialog.onePending', {
                      link: intents.link(intent.type),
                      ago: madeAgo(twins[0]!.createdAt),
                      who: twins[0]!.staffEmail ?? t('common.someone'),
                    })
                  : t('connectDialog.manyPending', { count: twins.length, link: intents.link(intent.type), ago: madeAgo(twins[0]!.createdAt) })}{' '}
                {t('connectDialog.stillUsable')}
                <FormControlLabel
                  sx={{ display: 'flex', mt: 1 }}
                  control={<Checkbox checked={another} onChange={(e) => setAnother(e.target.checked)} />}
                  label={t('connectDialog.another')}
                />
              </Alert>
            )}
            {create.error && <Alert severity="error">{create.error.message || t('connectDialog.failed')}</Alert>}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        {link ? (
          <Button onClick={close}>{t('common.close')}</Button>
        ) : (
          <>
            <Button onClick={close} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button
              variant="contained"
              onClick={() => intent && create.mutate(intent)}
              disabled={!intent || busy || mustConfirm}
              startIcon={busy ? <CircularProgress size={16} /> : undefined}
            >
              {t(busy ? 'connectDialog.creating' : 'connectDialog.create')}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
}
