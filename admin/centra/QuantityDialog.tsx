import { Alert, Typography } from '@mui/material';
import { NumberInput } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { CentraSubscription } from '../customers/types.ts';
import { FormDialog } from './FormDialog.tsx';
import { PreviewState } from './Loading.tsx';
import { productLabel } from './labels.ts';
import { useCentraSave } from './useCentraSave.ts';
import { useSubscriptionPreview, type SubscriptionPreview } from './preview.ts';
import { useT, type Translate } from '../i18n/index.ts';

/** Why the quantity typed cannot be sent (before the server says so too), or null. */
function problemOf(value: unknown, s: CentraSubscription, preview: SubscriptionPreview | null, t: Translate): string | null {
  const quantity = typeof value === 'number' ? value : NaN;
  if (!Number.isInteger(quantity) || quantity < 1) return t('quantityDialog.wholeNumber');
  // The server's reason, in its words (the API is English).
  if (quantity > s.quantity && preview && !preview.quantityIncreaseAllowed) return preview.quantityIncreaseReason;
  return null;
}

function Problem({ subscription, preview }: { subscription: CentraSubscription; preview: SubscriptionPreview | null }) {
  const t = useT();
  const problem = problemOf(useWatch({ name: 'quantity' }), subscription, preview, t);
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
  const t = useT();
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={t('quantityDialog.title', { id: subscription.id })}
      defaultValues={{ quantity: subscription.quantity }}
      onSubmit={(values) => save((dp) => dp.changeCentraSubscription(subscription.id, 'quantity', { quantity: values.quantity }))}
      submitLabel={t('quantityDialog.submit')}
      ready={(values) => Boolean(preview) && values.quantity !== subscription.quantity && !problemOf(values.quantity, subscription, preview, t)}
      maxWidth="xs"
    >
      <Typography variant="body2" sx={{ mb: 2 }}>
        {t('quantityDialog.now', { product: productLabel(subscription, t), quantity: subscription.quantity })}
      </Typography>
      {!preview && <PreviewState error={error} />}
      {preview && !preview.quantityIncreaseAllowed && (
        <Alert severity="info" role="note" sx={{ mb: 2 }}>
          {t('quantityDialog.onlyDecrease', { reason: preview.quantityIncreaseReason ?? '' })}
        </Alert>
      )}
      <NumberInput source="quantity" label="quantityDialog.label" autoFocus min={1} step={1} helperText="quantityDialog.help" fullWidth />
      <Problem subscription={subscription} preview={preview} />
    </FormDialog>
  );
}
