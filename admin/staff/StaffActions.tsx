import { useState } from 'react';
import { Button, Confirm, useDataProvider, useNotify, useRecordContext, useRefresh, useUpdate } from 'react-admin';
import LogoutIcon from '@mui/icons-material/Logout';
import KeyIcon from '@mui/icons-material/Key';
import BlockIcon from '@mui/icons-material/Block';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import type { SubdeskDataProvider } from '../dataProvider.ts';
import type { StaffRecord } from './roles.ts';
import { OneTimePasswordDialog } from './OneTimePasswordDialog.tsx';

const errorMessage = (e: unknown) => (e instanceof Error ? e.message : 'That did not work. Try again.');

/** Signs the member out everywhere, after a confirmation. */
export function EndSessionsButton() {
  const record = useRecordContext<StaffRecord>();
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  if (!record) return null;
  const confirm = async () => {
    setBusy(true);
    try {
      const result = await dataProvider.action<{ sessionsEnded: number }>('staff', record.id, 'end-sessions');
      notify(`Ended ${result.sessionsEnded} session${result.sessionsEnded === 1 ? '' : 's'} of ${record.email}.`, { type: 'success' });
      refresh();
    } catch (e) {
      notify(errorMessage(e), { type: 'error' });
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };
  return (
    <>
      <Button label="End sessions" onClick={() => setOpen(true)} disabled={busy}><LogoutIcon /></Button>
      <Confirm isOpen={open} loading={busy} title={`End all sessions of ${record.email}?`} content="They are signed out everywhere at once and must sign in again." confirm="End sessions" onConfirm={confirm} onClose={() => setOpen(false)} />
    </>
  );
}

/** Gives the member a new one-time password (shown once); they must choose their own next. */
export function ResetPasswordButton() {
  const record = useRecordContext<StaffRecord>();
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [password, setPassword] = useState<string | null>(null);
  if (!record) return null;
  const confirm = async () => {
    setBusy(true);
    try {
      const result = await dataProvider.action<{ oneTimePassword: string }>('staff', record.id, 'reset-password');
      setPassword(result.oneTimePassword);
    } catch (e) {
      notify(errorMessage(e), { type: 'error' });
    } finally {
      setBusy(false);
      setOpen(false);
    }
  };
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
