import { Alert, Typography } from '@mui/material';
import { RadioButtonGroupInput } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { CentraSubscription } from '../customers/types.ts';
import { formatDate, formatInterval, orNoValue } from '../../server/vocabulary/index.ts';
import { FormDialog } from './FormDialog.tsx';
import { PreviewState } from './Loading.tsx';
import { productLabel } from './labels.ts';
import { useCentraSave } from './useCentraSave.ts';
import { useSubscriptionPreview, type SubscriptionPreview } from './preview.ts';

/** The next order dates now and, once a plan is chosen, after the change. */
function Schedule({ preview }: { preview: SubscriptionPreview }) {
  const planId = useWatch({ name: 'planId' }) as string | null;
  const chosen = preview.intervalOptions.find((o) => o.planId === planId);
  return (
    <>
      <Alert severity="info" role="status" sx={{ mt: 2 }} aria-live="polite">
        {preview.status === 'active' ? (
          <>
            The change applies after the next scheduled order. Next order: <strong>{formatDate(preview.schedule.nextOrderDate)}</strong> (stays). The one after: now{' '}
            <strong>{formatDate(preview.schedule.followingOrderDate)}</strong>
            {chosen ? (
              <>
                , after the change <strong>{formatDate(chosen.followingOrderDate)}</strong>
              </>
            ) : (
              '; choose a plan to see it after the change'
            )}
            .
          </>
        ) : (
          <>The subscription is paused: no order is scheduled. On resume, orders follow the new interval from that day.</>
        )}
      </Alert>
      {chosen && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          The plan's interval and discount are copied onto the subscription: {formatInterval(chosen.interval)} at {chosen.discountPercent}% off.
        </Typography>
      )}
    </>
  );
}

function Body({ subscription, preview, error }: { subscription: CentraSubscription; preview: SubscriptionPreview | null; error: Error | null }) {
  return (
    <>
      <Typography variant="body2" sx={{ mb: 2 }}>
        {productLabel(subscription)} · now {orNoValue(formatInterval(subscription.interval))}
        {subscription.discount ? ` at ${subscription.discount}% off` : ''}
      </Typography>
      {!preview ? (
        <PreviewState error={error} />
      ) : preview.intervalUnavailableReason ? (
        <Alert severity="warning" role="note">{preview.intervalUnavailableReason}</Alert>
      ) : (
        <>
          <RadioButtonGroupInput
            source="planId"
            label="Plans offering this item now"
            // The legend names the fieldset; the radio group itself needs the name too.
            options={{ 'aria-label': 'Plans offering this item now' }}
            row={false}
            choices={preview.intervalOptions.map((o) => ({ id: o.planId, name: `${o.name}: ${formatInterval(o.interval)}, ${o.discountPercent}% off${o.current ? ' (current)' : ''}`, disabled: o.current }))}
            helperText={false}
          />
          <Schedule preview={preview} />
        </>
      )}
    </>
  );
}

/**
 * Moves a subscription to another plan. Only the plans offering its item now are listed, each with
 * interval and discount; the agent sees the next order date (it stays) and the one after it, now
 * and after the change. When the item is in no plan, the dialog says so instead of an empty list.
 */
export function IntervalDialog({ subscription, open, onClose }: { subscription: CentraSubscription; open: boolean; onClose: () => void }) {
  const { preview, error } = useSubscriptionPreview(subscription.id, open);
  const save = useCentraSave(onClose);
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={`Change interval of subscription ${subscription.id}`}
      defaultValues={{ planId: null }}
      onSubmit={(values) => save((dp) => dp.changeCentraSubscription(subscription.id, 'interval', { planId: values.planId }))}
      submitLabel="Change interval"
      // A plan other than the current terms is chosen.
      ready={(values) => Boolean(preview?.intervalOptions.some((o) => o.planId === values.planId && !o.current))}
    >
      <Body subscription={subscription} preview={preview} error={error} />
    </FormDialog>
  );
}
