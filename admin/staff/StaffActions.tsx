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

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : 'That did not work. Try again.');

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
  const confirm = async () => {
    if (!record) return;
    setBusy(true);
    try {
      onDone(await dataProvider.action<T>('staff', record.id, verb), record);
    } catch (e) {
      notify(errorMessage(e), { type: 'error' });
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
  const { record, open, setOpen, busy, confirm } = useConfirmedAction<{ sessionsEnded: number }>('end-sessions', (result, member) => {
    notify(`Ended ${result.sessionsEnded} session${result.sessionsEnded === 1 ? '' : 's'} of ${member.email}.`, { type: 'success' });
    refresh();
  });
  if (!record) return null;
  return (
    <>
      <Button label="End sessions" onClick={() => setOpen(true)} disabled={busy}><LogoutIcon /></Button>
      <Confirm isOpen={open} loading={busy} title={`End all sessions of ${record.email}?`} content="They are signed out everywhere at once and must sign in again." confirm="End sessions" onConfirm={confirm} onClose={() => setOpen(false)} />
    </>
  );
}

/** Gives the member a new one-time password (shown once); they must choose their own next. */
export function ResetPasswordButton() {
  const refresh = useRefresh();
  const [password, setPassword] = useState<string | null>(null);
  const { record, open, setOpen, busy, confirm } = useConfirmedAction<{ oneTimePassword: string }>('reset-password', (result) => setPassword(result.oneTimePassword));
  if (!record) return null;
  return (
    <>
      <Button label="Reset password" onClick={() => setOpen(true)} disabled={busy}><KeyIcon /></Button>
      <Confirm isOpen={open} loading={busy} title={`Reset the password of ${record.email}?`}
        content="Their current password stops working and their sessions end. You get a one-time password to hand over; they choose their own at next sign-in."
        confirm="Reset password" onConfirm={confirm} onClose={() => setOpen(false)} />
      <OneTimePasswordDialog email={record.email} password={password} onClose={() => { setPassword(null); refresh(); }} />
    </>
  );
}

/** Removes the member's passkeys, authenticator apps and recovery codes (a lost phone or key), after a confirmation. */
export function ResetSecondFactorsButton() {
  const notify = useNotify();
  const refresh = useRefresh();
  const { record, open, setOpen, busy, confirm } = useConfirmedAction<{ factorsRemoved: number }>('reset-second-factors', (result, member) => {
    notify(`Removed ${result.factorsRemoved} second factor${result.factorsRemoved === 1 ? '' : 's'} of ${member.email}; they are signed out.`, { type: 'success' });
    refresh();
  });
  if (!record || !record.secondFactors.length) return null;
  return (
    <>
      <Button label="Reset second factors" onClick={() => setOpen(true)} disabled={busy}><PhonelinkEraseIcon /></Button>
      <Confirm isOpen={open} loading={busy} title={`Reset the second factors of ${record.email}?`}
        content={`Their passkeys, authenticator apps and recovery codes stop working, and their sessions end. ${record.secondFactorRequired ? 'Their role requires a second factor: they add a new one at their next sign-in.' : 'They then sign in with their password alone until they add one.'} Do this when they lost their phone or key, after making sure it is them asking.`}
        confirm="Reset second factors" onConfirm={confirm} onClose={() => setOpen(false)} />
    </>
  );
}

/** Disables (ending the member's sessions at once) or enables the account, after a confirmation. */
export function ToggleDisabledButton() {
  const record = useRecordContext<StaffRecord>();
  const notify = useNotify();
  const [update, { isPending }] = useUpdate<StaffRecord>();
  const [open, setOpen] = useState(false);
  if (!record) return null;
  const disabling = !record.disabled;
  const confirm = () =>
    update(
      'staff',
      { id: record.id, data: { disabled: disabling }, previousData: record },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => notify(disabling ? `${record.email} is disabled and signed out.` : `${record.email} can sign in again.`, { type: 'success' }),
        onError: (e) => notify(errorMessage(e), { type: 'error' }),
        onSettled: () => setOpen(false),
      },
    );
  return (
    <>
      <Button label={disabling ? 'Disable' : 'Enable'} onClick={() => setOpen(true)} disabled={isPending}>{disabling ? <BlockIcon /> : <CheckCircleIcon />}</Button>
      <Confirm isOpen={open} loading={isPending} title={disabling ? `Disable ${record.email}?` : `Enable ${record.email}?`}
        content={disabling ? 'They cannot sign in any more, and their open sessions end at once.' : 'They can sign in again with their current password.'}
        confirm={disabling ? 'Disable' : 'Enable'} onConfirm={confirm} onClose={() => setOpen(false)} />
    </>
  );
}
