import { Alert, Checkbox, FormControlLabel, Stack, Typography } from '@mui/material';
import { SelectInput, TextInput, useInput } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { CentraSubscription } from '../customers/types.ts';
import { orNoValue } from '../../server/vocabulary/index.ts';
import { useFormat, useStatusWord, useT } from '../i18n/index.ts';
import { FormDialog } from './FormDialog.tsx';
import { PreviewState } from './Loading.tsx';
import { productLabel, REASON_CODES } from './labels.ts';
import { useCentraSave } from './useCentraSave.ts';
import { useSubscriptionPreview } from './preview.ts';

export type StatusTarget = 'active' | 'paused' | 'cancelled';

/** The reasons as choices; react-admin translates their names. "Other" asks for details below. */
const CHOICES = REASON_CODES.map((code) => ({ id: code, name: code === 'other' ? 'statusDialog.otherDescribe' : `reasons.${code}` }));

/** "I understand cancelling is final": a form value, never sent. */
function Understood() {
  const { field } = useInput({ source: 'understood', defaultValue: false });
  const t = useT();
  return (
    <FormControlLabel
      control={<Checkbox checked={Boolean(field.value)} onChange={(e) => field.onChange(e.target.checked)} />}
      label={t('statusDialog.understood')}
    />
  );
}

/** "Details" is required for "Other"; the label says which. */
function Details() {
  const code = useWatch({ name: 'reason.code' }) as string | null;
  return (
    <TextInput
      source="reason.text"
      label={code === 'other' ? 'statusDialog.detailsRequired' : 'statusDialog.detailsOptional'}
      multiline
      minRows={2}
      isRequired={code === 'other'}
      helperText="statusDialog.detailsHelp"
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
export function StatusDialog({
  subscription,
  target,
  open,
  onClose,
}: {
  subscription: CentraSubscription;
  target: StatusTarget;
  open: boolean;
  onClose: () => void;
}) {
  const { preview, error } = useSubscriptionPreview(subscription.id, open);
  const save = useCentraSave(onClose);
  const cancel = target === 'cancelled';
  const offered = preview ? preview.allowed.includes(target) : true;
  const t = useT();
  const format = useFormat();
  const statusWord = useStatusWord();
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
      title={t(`statusDialog.title.${target}`, { id: subscription.id })}
      defaultValues={{ reason: { code: null, text: null }, understood: false }}
      onSubmit={submit}
      submitLabel={t(`statusDialog.submit.${target}`)}
      ready={ready}
      danger={cancel}
    >
      <Stack spacing={2} sx={{ pt: 1 }}>
        <Typography variant="body2">
          {productLabel(subscription, t)} · {orNoValue(format.interval(subscription.interval))} · {statusWord(subscription.status)}
        </Typography>
        {!preview && <PreviewState error={error} />}
        {preview && !offered && (
          <Alert severity="warning" role="note">
            {t('statusDialog.noSuchChange', { from: statusWord(preview.status), to: statusWord(target) })}
          </Alert>
        )}
        {preview && target === 'paused' && (
          <Alert severity="info" role="note">
            {t('statusDialog.pausing', { next: format.date(preview.nextOrderDate) })}
          </Alert>
        )}
        {preview && target === 'active' && (
          <Alert severity="info" role="note">
            {t('statusDialog.resuming', { day: format.date(preview.schedule.onResume) })}
          </Alert>
        )}
        {cancel && (
          <Alert severity="error" role="note">
            {t('statusDialog.final')}
          </Alert>
        )}
        {cancel && preview?.cancelPurgesPayment && (
          <Alert severity="warning" role="note">
            {preview.contract.subscriptionPayment.length
              ? t('statusDialog.purgesMethods', {
                  contract: preview.contractId,
                  methods: preview.contract.subscriptionPayment.map((p) => p.paymentMethod).join(', '),
                })
              : t('statusDialog.purges', { contract: preview.contractId })}
          </Alert>
        )}
        <SelectInput source="reason.code" label="statusDialog.reason" choices={CHOICES} isRequired autoFocus helperText={false} />
        <Details />
        {cancel && <Understood />}
      </Stack>
    </FormDialog>
  );
}
