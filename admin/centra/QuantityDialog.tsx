import { useEffect, useId, useState, type FormEvent } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import type { CentraSubscription } from '../customers/types.ts';
import { centraApi } from './api.ts';
import { useChange } from './useChange.ts';
import { useSubscriptionPreview } from './useSubscriptionPreview.ts';
import { PreviewState } from './Loading.tsx';
import { productLabel } from './labels.ts';

/**
 * Changes how many of the item each order holds: at least 1; fewer always, more only while the
 * item is in the same plan on the same terms. When an increase is not possible the form says why
 * before the agent tries.
 */
export function QuantityDialog({ subscription, open, onClose }: { subscription: CentraSubscription; open: boolean; onClose: () => void }) {
  const titleId = useId();
  const { preview, error: readError } = useSubscriptionPreview(subscription.id, open);
  const [text, setText] = useState(String(subscription.quantity));
  const { saving, error, setError, submit } = useChange(onClose);
  useEffect(() => {
    if (open) {
      setText(String(subscription.quantity));
      setError(null);
    }
  }, [open, subscription.quantity, setError]);

  const quantity = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  const increase = quantity > subscription.quantity;
  let problem: string | null = null;
  if (!Number.isInteger(quantity) || quantity < 1) problem = 'Enter a whole number of at least 1.';
  else if (quantity === subscription.quantity) problem = null;
  else if (increase && preview && !preview.quantityIncreaseAllowed) problem = preview.quantityIncreaseReason;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!problem && preview && quantity !== subscription.quantity) void submit(() => centraApi.changeQuantity(subscription.id, quantity));
  };

  return (
    <Dialog open={open} onClose={saving ? undefined : onClose} aria-labelledby={titleId} maxWidth="xs" fullWidth>
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id={titleId}>Change quantity of subscription {subscription.id}</DialogTitle>
        <DialogContent>
          <Typography variant="body2" sx={{ mb: 2 }}>
            {productLabel(subscription)} · now {subscription.quantity} per order
          </Typography>
          {!preview && <PreviewState error={readError} />}
          {preview && !preview.quantityIncreaseAllowed && (
            <Alert severity="info" sx={{ mb: 2 }}>
              Only a decrease is possible: {preview.quantityIncreaseReason}
            </Alert>
          )}
          <TextField
            label="Quantity per order"
            value={text}
            autoFocus
            onChange={(e) => setText(e.target.value)}
            slotProps={{ htmlInput: { inputMode: 'numeric', min: 1, type: 'number' } }}
            error={Boolean(problem) || Boolean(error?.errors.quantity)}
            helperText={problem ?? error?.errors.quantity ?? 'At least 1'}
            fullWidth
            size="small"
          />
          {error && (
            <Alert severity="error" role="alert" sx={{ mt: 2 }}>
              {error.message}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Close
          </Button>
          <Button type="submit" variant="contained" disabled={saving || !preview || Boolean(problem) || quantity === subscription.quantity}>
            {saving ? 'Saving…' : 'Change quantity'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
