import { Alert, Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import { SelectInput, TextInput, useInput } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { CentraSubscription } from '../customers/types.ts';
import { formatDate, formatInterval, orNoValue } from '../../server/vocabulary/index.ts';
import { FormDialog } from './FormDialog.tsx';
import { PreviewState } from './Loading.tsx';
import { productLabel, REASONS } from './labels.ts';
import { useCentraSave } from './useCentraSave.ts';
import { useSubscriptionPreview } from './preview.ts';

export type StatusTarget = 'active' | 'paused' | 'cancelled';

const VERB: Record<StatusTarget, string> = { paused: 'Pause', active: 'Resume', cancelled: 'Cancel' };
const CHOICES = REASONS.map((r) => ({ id: r.code, name: r.label }));

/** "I understand cancelling is final": a form value, never sent. */
function Understood() {
  const { field } = useInput({ source: 'understood', defaultValue: false });
  return <FormControlLabel control={<Checkbox checked={Boolean(field.value)} onChange={(e) => field.onChange(e.target.checked)} />} label="I understand cancelling is final" />;
}

/** "Details" is required for "Other"; the label says which. */
function Details() {
  const code = useWatch({ name: 'reason.code' }) as string | null;
  return (
    <TextInput
      source="reason.text"
      label={code === 'other' ? 'Details (required)' : 'Details (optional)'}
      multiline
      minRows={2}
      isRequired={code === 'other'}
      helperText="Saved in the audit log with the change."
      slotProps={{ htmlInput: { maxLength: 500 } }}
    />
  );
}

type Values = { reason?: { code?: string | null; text?: string | null }; understood?: boolean };

/**
 * Pause, resume or cancel, with a required reason (a short list plus free text) that lands in the
 * audit entry. Cancelling needs an explicit "I understand it is final", and warns when it is the
 * contract's last live subscription: Centra then purges the stored payment details.
 */
export function StatusDialog({ subscription, target, open, onClose }: { subscription: CentraSubscription; target: StatusTarget; open: boolean; onClose: () => void }) {
  const { preview, error } = useSubscriptionPreview(subscription.id, open);
  const save = useCentraSave(onClose);
  const cancel = target === 'cancelled';
  const offered = preview ? preview.allowed.includes(target) : true;
  const ready = (values: Record<string, unknown>) => {
    const v = values as Values;
    const code = v.reason?.code;
    const text = (v.reason?.text ?? '').trim();
    return Boolean(preview) && offered && Boolean(code) && (code !== 'other' || text.length >= 3) && (!cancel || Boolean(v.understood));
  };
  const submit = (values: Record<string, unknown>) => {
    const { reason } = values as Values;
    const text = (reason?.text ?? '').trim();
    return save((dp) => dp.changeCentraSubscription(subscription.id, 'status', { status: target, reason: { code: reason?.code, ...(text ? { text } : {}) } }));
  };
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={`${VERB[target]} subscription ${subscription.id}`}
      defaultValues={{ reason: { code: null, text: null }, understood: false }}
      onSubmit={submit}
      submitLabel={`${VERB[target]} subscription`}
      ready={ready}
      danger={cancel}
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <Typography variant="body2">
          {productLabel(subscription)} · {orNoValue(formatInterval(subscription.interval))} · {subscription.status}
        </Typography>
        {!preview && <PreviewState error={error} />}
        {preview && !offered && <Alert severity="warning" role="note">Centra has no change from {preview.status} to {target}: it may have changed meanwhile. Close and reload the page.</Alert>}
        {preview && target === 'paused' && <Alert severity="info" role="note">Pausing stops new orders; the next order ({formatDate(preview.nextOrderDate)}) will not go out. Resuming later starts again one interval from that day; missed orders are not made up.</Alert>}
        {preview && target === 'active' && <Alert severity="info" role="note">Resuming schedules the next order one interval from today: {formatDate(preview.schedule.onResume)}. Missed orders are not made up.</Alert>}
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
        <SelectInput source="reason.code" label="Reason" choices={CHOICES} isRequired autoFocus helperText={false} />
        <Details />
        {cancel && <Understood />}
      </Stack>
    </FormDialog>
  );
}
