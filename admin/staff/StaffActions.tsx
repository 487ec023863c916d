import { useState } from 'react';
import { Button, Confirm, useDataProvider, useNotify, useRecordContext, useRefresh, useUpdate } from 'react-admin';
import LogoutIcon from '@mui/icons-material/Logout';
import KeyIcon from '@mui/icons-material/Key';
import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import PhonelinkEraseIcon from '@mui/icons-material/PhonelinkErase';
import type { SubdeskDataProvider } from '../dataProvider.ts';
import type { StaffRecord } from './roles.ts';
import { OneTimePasswordDialog } from './OneTimePasswordDialog.tsx';
import { useT, type Translate } from '../i18n/index.ts';

const errorMessage = (e: unknown, t: Translate) => (e instanceof Error ? e.message : t('staff.failed'));

/**
 * A staff action behind a confirmation: `POST /api/staff/:id/<verb>`, then `onDone` with the answer;
 * an error becomes a notification. The one shape both confirmed actions below share.
 */
function useConfirmedAction<T>(verb: string, onDone: (result: T, record: StaffRecord) => void) {
  const record = useRecordContext<StaffRecord>();
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const notify = useNotify();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const t = useT();
  const confirm = async () => {
    if (!record) return;
    setBusy(true);
    try {
      onDone(await dataProvider.action<T>('staff', record.id, verb), record);
    } catch (e) {
      notify(errorMessage(e, t), { type: 'error' });
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };
  return { record, open, setOpen, busy, confirm };
}

/** Signs the member out everywhere, after a confirmation. */
export function EndSessionsButton() {
  const notify = useNotify();
  const refresh = useRefresh();
  const t = useT();
  const { record, open, setOpen, busy, confirm } = useConfirmedAction<{ sessionsEnded: number }>('end-sessions', (result, member) => {
    notify(t('staff.sessionsEnded', { smart_count: result.sessionsEnded, email: member.email }), { type: 'success' });
    refresh();
  });
  if (!record) return null;
  return (
    <>
      <Button label="staff.endSessions" onClick={() => setOpen(true)} disabled={busy}>
        <LogoutIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={busy}
        title={t('staff.endSessionsTitle', { email: record.email })}
        content="staff.endSessionsText"
        confirm="staff.endSessions"
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

/** Gives the member a new one-time password (shown once); they must choose their own next. */
export function ResetPasswordButton() {
  const refresh = useRefresh();
  const [password, setPassword] = useState<string | null>(null);
  const t = useT();
  const { record, open, setOpen, busy, confirm } = useConfirmedAction<{ oneTimePassword: string }>('reset-password', (result) =>
    setPassword(result.oneTimePassword),
  );
  if (!record) return null;
  return (
    <>
      <Button label="staff.resetPassword" onClick={() => setOpen(true)} disabled={busy}>
        <KeyIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={busy}
        title={t('staff.resetTitle', { email: record.email })}
        content="staff.resetText"
        confirm="staff.resetPassword"
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      />
      <OneTimePasswordDialog
        email={record.email}
        password={password}
        onClose={() => {
          setPassword(null);
          refresh();
        }}
      />
    </>
  );
}

/** Removes the member's passkeys, authenticator apps and recovery codes (a lost phone or key), after a confirmation. */
export function ResetSecondFactorsButton() {
  const notify = useNotify();
  const refresh = useRefresh();
  const t = useT();
  const { record, open, setOpen, busy, confirm } = useConfirmedAction<{ factorsRemoved: number }>('reset-second-factors', (result, member) => {
    notify(t('staff.factorsReset', { smart_count: result.factorsRemoved, email: member.email }), { type: 'success' });
    refresh();
  });
  if (!record?.secondFactors.length) return null;
  return (
    <>
      <Button label="staff.resetFactors" onClick={() => setOpen(true)} disabled={busy}>
        <PhonelinkEraseIcon />
      </Button>
      <Confirm
        isOpen={open}
        loading={busy}
        title={t('staff.resetFactorsTitle', { email: record.email })}
        content={record.secondFactorRequired ? 'staff.resetFactorsTextRequired' : 'staff.resetFactorsTextOptional'}
        confirm="staff.resetFactors"
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      />
    </>
  );
}

/** Disables (ending the member's sessions at once) or enables the account, after a confirmation. */
export function ToggleDisabledButton() {
  const record = useRecordContext<StaffRecord>();
  const notify = useNotify();
  const [update, { isPending }] = useUpdate<StaffRecord>();
  const [open, setOpen] = useState(false);
  const t = useT();
  if (!record) return null;
  const disabling = !record.disabled;
  const confirm = () =>
    update(
      'staff',
      { id: record.id, data: { disabled: disabling }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => notify(t(disabling ? 'staff.isDisabled' : 'staff.isEnabled', { email: record.email }), { type: 'success' }),
        onError: (e) => notify(errorMessage(e, t), { type: 'error' }),
        onSettled: () => setOpen(false),
      },
    );
  return (
    <>
      <Button label={disabling ? 'staff.disable' : 'staff.enable'} onClick={() => setOpen(true)} disabled={isPending}>
        {disabling ? <BlockIcon /> : <CheckCircleIcon />}
      </Button>
      <Confirm
        isOpen={open}
        loading={isPending}
        title={t(disabling ? 'staff.disableTitle' : 'staff.enableTitle', { email: record.email })}
        content={disabling ? 'staff.disableText' : 'staff.enableText'}
        confirm={disabling ? 'staff.disable' : 'staff.enable'}
        onConfirm={confirm}
        onClose={() => setOpen(false)}
      />
    </>
  );
}
