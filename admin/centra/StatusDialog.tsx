import { useEffect, useId, useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Dialog, DialogActions, DialogContent, DialogTitle, FormControl, FormControlLabel, InputLabel, MenuItem, Select, Stack, TextField, Typography } from '@mui/material';
import type { CentraSubscription } from '../customers/types.ts';
import { formatDate, formatInterval, orNoValue } from '../../server/vocabulary/index.ts';
import { centraApi } from './api.ts';
import { useChange } from './useChange.ts';
import { useSubscriptionPreview } from './useSubscriptionPreview.ts';
import { PreviewState } from './Loading.tsx';
import { productLabel, REASONS } from './labels.ts';

export type StatusTarget = 'active' | 'paused' | 'cancelled';

const VERB: Record<StatusTarget, string> = { paused: 'Pause', active: 'Resume', cancelled: 'Cancel' };

/**
 * Pause, resume or cancel, with a required reason (a short list plus free text) that lands in the
 * audit entry. Cancelling needs an explicit "I understand it is final", and warns when it is the
 * contract's last live subscription: Centra then purges the stored payment details.
 */
export function StatusDialog({ subscription, target, open, onClose }: { subscription: CentraSubscription; target: StatusTarget; open: boolean; onClose: () => void }) {
  const titleId = useId();
  const { preview, error: readError } = useSubscriptionPreview(subscription.id, open);
  const [code, setCode] = useState('');
  const [text, setText] = useState('');
  const [understood, setUnderstood] = useState(false);
  const { saving, error, setError, submit } = useChange(onClose);
  useEffect(() => {
    if (open) {
      setCode('');
      setText('');
      setUnderstood(false);
      setError(null);
    }
  }, [open, setError]);

  const cancel = target === 'cancelled';
  const offered = preview ? preview.allowed.includes(target) : true;
  const needsText = code === 'other' && text.trim().length < 3;
  const ready = Boolean(preview) && offered && Boolean(code) && !needsText && (!cancel || understood);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) void submit(() => centraApi.changeStatus(subscription.id, target, { code, ...(text.trim() ? { text: text.trim() } : {}) }));
  };

  return (
    <Dialog open={open} onClose={saving ? undefined : onClose} aria-labelledby={titleId} maxWidth="sm" fullWidth>
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id={titleId}>
          {VERB[target]} subscription {subscription.id}
        </DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ pt: 1 }}>
            <Typography variant="body2">
              {productLabel(subscription)} · {orNoValue(formatInterval(subscription.interval))} · {subscription.status}
            </Typography>
            {!preview && <PreviewState error={readError} />}
            {preview && !offered && <Alert severity="warning">Centra has no change from {preview.status} to {target}: it may have changed meanwhile. Close and reload the page.</Alert>}
            {preview && target === 'paused' && <Alert severity="info">Pausing stops new orders; the next order ({orNoValue(formatDate(preview.nextOrderDate))}) will not go out. Resuming later starts again one interval from that day; missed orders are not made up.</Alert>}
            {preview && target === 'active' && <Alert severity="info">Resuming schedules the next order one interval from today: {orNoValue(formatDate(preview.schedule.onResume))}. Missed orders are not made up.</Alert>}
            {cancel && (
              <Alert severity="error" role="note">
                Cancelling is final: a cancelled subscription cannot be resumed. If the customer wants it again, they check out again.
              </Alert>
            )}
            {cancel && preview?.cancelPurgesPayment && (
              <Alert severity="warning" role="note">
                This is the last live subscription on contract {preview.contractId}. Cancelling it makes Centra purge the contract's stored payment details
                {preview.contract.subscriptionPayment.length ? ` (${preview.contract.subscriptionPayment.map((p) => p.paymentMethod).join(', ')})` : ''}; the contract cannot be used for future
                subscriptions.
              </Alert>
            )}
            <FormControl size="small" required fullWidth error={Boolean(error?.errors.reason)}>
              <InputLabel id={`${titleId}-reason`}>Reason</InputLabel>
              <Select labelId={`${titleId}-reason`} label="Reason" value={code} onChange={(e) => setCode(e.target.value)} autoFocus>
                {REASONS.map((r) => (
                  <MenuItem key={r.code} value={r.code}>
                    {r.label}
                  </MenuItem>
                ))}
              </Select>
            </FormControl>
            <TextField
              label={code === 'other' ? 'Details (required)' : 'Details (optional)'}
              value={text}
              onChange={(e) => setText(e.target.value)}
              multiline
              minRows={2}
              size="small"
              required={code === 'other'}
              error={code === 'other' && needsText && text.length > 0}
              helperText="Saved in the audit log with the change."
              slotProps={{ htmlInput: { maxLength: 500 } }}
            />
            {cancel && (
              <FormControlLabel control={<Checkbox checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />} label="I understand cancelling is final" />
            )}
            {error && (
              <Alert severity="error" role="alert">
                {error.message}
              </Alert>
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Close
          </Button>
          <Button type="submit" variant="contained" color={cancel ? 'error' : 'primary'} disabled={saving || !ready}>
            {saving ? 'Saving…' : `${VERB[target]} subscription`}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
