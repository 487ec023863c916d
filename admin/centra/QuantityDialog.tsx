import { Alert, Typography } from '@mui/material';
import { NumberInput } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { CentraSubscription } from '../customers/types.ts';
import { FormDialog } from './FormDialog.tsx';
import { PreviewState } from './Loading.tsx';
import { productLabel } from './labels.ts';
import { useCentraSave } from './useCentraSave.ts';
import { useSubscriptionPreview, type SubscriptionPreview } from './preview.ts';

/** Why the quantity typed cannot be sent (before the server says so too), or null. */
function problemOf(value: unknown, s: CentraSubscription, preview: SubscriptionPreview | null): string | null {
  const quantity = typeof value === 'number' ? value : NaN;
  if (!Number.isInteger(quantity) || quantity < 1) return 'Enter a whole number of at least 1.';
  if (quantity > s.quantity && preview && !preview.quantityIncreaseAllowed) return preview.quantityIncreaseReason;
  return null;
}

function Problem({ subscription, preview }: { subscription: CentraSubscription; preview: SubscriptionPreview | null }) {
  const problem = problemOf(useWatch({ name: 'quantity' }), subscription, preview);
  return problem ? (
    <Typography variant="body2" color="error" role="status">
      {problem}
    </Typography>
  ) : null;
}

/**
 * Changes how many of the item each order holds: at least 1; fewer always, more only while the
 * item is in the same plan on the same terms. When an increase is not possible the form says why
 * before the agent tries.
 */
export function QuantityDialog({ subscription, open, onClose }: { subscription: CentraSubscription; open: boolean; onClose: () => void }) {
  const { preview, error } = useSubscriptionPreview(subscription.id, open);
  const save = useCentraSave(onClose);
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={`Change quantity of subscription ${subscription.id}`}
      defaultValues={{ quantity: subscription.quantity }}
      onSubmit={(values) => save((dp) => dp.changeCentraSubscription(subscription.id, 'quantity', { quantity: values.quantity }))}
      submitLabel="Change quantity"
      ready={(values) => Boolean(preview) && values.quantity !== subscription.quantity && !problemOf(values.quantity, subscription, preview)}
      maxWidth="xs"
    >
      <Typography variant="body2" sx={{ mb: 2 }}>
        {productLabel(subscription)} · now {subscription.quantity} per order
      </Typography>
      {!preview && <PreviewState error={error} />}
      {preview && !preview.quantityIncreaseAllowed && (
        <Alert severity="info" role="note" sx={{ mb: 2 }}>
          Only a decrease is possible: {preview.quantityIncreaseReason}
        </Alert>
      )}
      <NumberInput source="quantity" label="Quantity per order" autoFocus min={1} step={1} helperText="At least 1" fullWidth />
      <Problem subscription={subscription} preview={preview} />
    </FormDialog>
  );
}
