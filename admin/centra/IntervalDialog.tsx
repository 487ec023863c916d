import { Alert, Typography } from '@mui/material';
import { RadioButtonGroupInput } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { CentraSubscription } from '../customers/types.ts';
import { orNoValue } from '../../server/vocabulary/index.ts';
import { RichMessage, useFormat, useT } from '../i18n/index.ts';
import { FormDialog } from './FormDialog.tsx';
import { PreviewState } from './Loading.tsx';
import { productLabel } from './labels.ts';
import { useCentraSave } from './useCentraSave.ts';
import { useSubscriptionPreview, type SubscriptionPreview } from './preview.ts';

/** The next order dates now and, once a plan is chosen, after the change. */
function Schedule({ preview }: { preview: SubscriptionPreview }) {
  const planId = useWatch({ name: 'planId' }) as string | null;
  const chosen = preview.intervalOptions.find((o) => o.planId === planId);
  const t = useT();
  const format = useFormat();
  return (
    <>
      <Alert severity="info" role="status" sx={{ mt: 2 }} aria-live="polite">
        {preview.status === 'active' ? (
          <>
            <RichMessage
              id="intervalDialog.appliesAfter"
              values={{
                next: <strong>{format.date(preview.schedule.nextOrderDate)}</strong>,
                following: <strong>{format.date(preview.schedule.followingOrderDate)}</strong>,
              }}
            />
            {chosen ? (
              <RichMessage id="intervalDialog.afterChange" values={{ after: <strong>{format.date(chosen.followingOrderDate)}</strong> }} />
            ) : (
              t('intervalDialog.choosePlan')
            )}
          </>
        ) : (
          t('intervalDialog.paused')
        )}
      </Alert>
      {chosen && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          {t('intervalDialog.copied', { interval: format.interval(chosen.interval), percent: chosen.discountPercent })}
        </Typography>
      )}
    </>
  );
}

function Body({ subscription, preview, error }: { subscription: CentraSubscription; preview: SubscriptionPreview | null; error: Error | null }) {
  const t = useT();
  const format = useFormat();
  const now = { product: productLabel(subscription, t), interval: orNoValue(format.interval(subscription.interval)), percent: subscription.discount };
  return (
    <>
      <Typography variant="body2" sx={{ mb: 2 }}>
        {t(subscription.discount ? 'intervalDialog.nowDiscounted' : 'intervalDialog.now', now)}
      </Typography>
      {!preview ? (
        <PreviewState error={error} />
      ) : preview.intervalUnavailableReason ? (
        <Alert severity="warning" role="note">
          {preview.intervalUnavailableReason}
        </Alert>
      ) : (
        <>
          <RadioButtonGroupInput
            source="planId"
            label="intervalDialog.plans"
            // The legend names the fieldset; the radio group itself needs the name too.
            options={{ 'aria-label': t('intervalDialog.plans') }}
            row={false}
            // Names already in the reader's words (plan names are Centra's, not message keys).
            translateChoice={false}
            choices={preview.intervalOptions.map((o) => ({
              id: o.planId,
              name: t(o.current ? 'intervalDialog.optionCurrent' : 'intervalDialog.option', {
                name: o.name,
                interval: format.interval(o.interval),
                percent: o.discountPercent,
              }),
              disabled: o.current,
            }))}
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
  const t = useT();
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={t('intervalDialog.title', { id: subscription.id })}
      defaultValues={{ planId: null }}
      onSubmit={(values) => save((dp) => dp.changeCentraSubscription(subscription.id, 'interval', { planId: values.planId }))}
      submitLabel={t('intervalDialog.submit')}
      // A plan other than the current terms is chosen.
      ready={(values) => Boolean(preview?.intervalOptions.some((o) => o.planId === values.planId && !o.current))}
    >
      <Body subscription={subscription} preview={preview} error={error} />
    </FormDialog>
  );
}
