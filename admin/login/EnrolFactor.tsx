import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import PhonelinkLockIcon from '@mui/icons-material/PhonelinkLock';
import { QrCode } from '../gigs/QrCode.tsx';
import { createPasskey, passkeyProblem, passkeysWorkHere, type FactorEnrolment, type FactorKind } from './signInSteps.ts';

type Props = {
  enrolment: FactorEnrolment;
  passkeyOrigin: string;
  /** After the factor is confirmed: the recovery codes when they came with it (the member's first factor). */
  onEnrolled: (kind: FactorKind, recoveryCodes: string[] | null) => void;
  onCancel?: () => void;
};

const errorOf = (err: unknown) => (err instanceof Error ? err.message : 'That did not work. Try again.');

/**
 * Adding a second factor, the same at sign-in (when the role requires one) and on the Security
 * page: a passkey made by the browser, or an authenticator app set up from a QR code and confirmed
 * with one of its codes. Passkeys work only at PUBLIC_URL's address: elsewhere the page says so.
 */
export function EnrolFactor({ enrolment, passkeyOrigin, onEnrolled, onCancel }: Props) {
  const [choice, setChoice] = useState<FactorKind | null>(null);
  const [totp, setTotp] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const passkeysHere = passkeysWorkHere(passkeyOrigin);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setCodeError(undefined);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };

  const chooseApp = () =>
    run(async () => {
      try {
        setTotp(await enrolment.startTotp());
        setChoice('totp');
      } catch (err) {
        setError(errorOf(err));
      }
    });

  const confirmApp = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      try {
        const { recoveryCodes } = await enrolment.confirm({ method: 'totp', code, label: label || undefined });
        onEnrolled('totp', recoveryCodes);
      } catch (err) {
        const e = err as { body?: { errors?: { code?: string } } };
        setCodeError(e.body?.errors?.code);
        setError(errorOf(err));
      }
    });
  };

  const makePasskey = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      let response;
      try {
        response = await createPasskey(await enrolment.passkeyOptions());
      } catch (err) {
        setError(passkeyProblem(err));
        return;
      }
      try {
        const { recoveryCodes } = await enrolment.confirm({ method: 'passkey', response, label: label || undefined });
        onEnrolled('passkey', recoveryCodes);
      } catch (err) {
        setError(errorOf(err));
      }
    });
  };

  return (
    <Stack spacing={2}>
      {error && <Alert severity="error" role="alert">{error}</Alert>}
      {choice === null && (
        <Stack spacing={1.5}>
          <Button variant="contained" startIcon={<KeyIcon />} onClick={() => setChoice('passkey')} disabled={busy || !passkeysHere}>Add a passkey</Button>
          {!passkeysHere && (
            <Typography variant="body2" color="text.secondary">
              Passkeys work only at {passkeyOrigin}, and this page is open at another address. Use an authenticator app here, or open subdesk at {passkeyOrigin}.
            </Typography>
          )}
          <Button variant={passkeysHere ? 'outlined' : 'contained'} startIcon={<PhonelinkLockIcon />} onClick={chooseApp} disabled={busy}>Use an authenticator app</Button>
          {onCancel && <Button color="inherit" onClick={onCancel}>Cancel</Button>}
        </Stack>
      )}
      {choice === 'passkey' && (
        <Stack component="form" spacing={2} onSubmit={makePasskey} noValidate>
          <Typography variant="body2">Your browser asks you to confirm with your fingerprint, face, PIN or security key. The passkey stays on that device.</Typography>
          <TextField label="Name for this passkey" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. Work laptop" slotProps={{ htmlInput: { maxLength: 60 } }} fullWidth />
          <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between' }}>
            <Button color="inherit" onClick={() => setChoice(null)}>Back</Button>
            <Button type="submit" variant="contained" disabled={busy}>Create passkey</Button>
          </Stack>
        </Stack>
      )}
      {choice === 'totp' && totp && (
        <Stack component="form" spacing={2} onSubmit={confirmApp} noValidate>
          <Typography variant="body2">Scan this code with your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…), then type the six digits it shows.</Typography>
          <Box sx={{ alignSelf: 'center', bgcolor: '#fff', p: 1, borderRadius: 1 }}>
            <QrCode value={totp.uri} label="QR code for your authenticator app" />
          </Box>
          <TextField label="Setup key" value={totp.secret.replace(/(.{4})(?=.)/g, '$1 ')} helperText="If you cannot scan: type this key into the app." slotProps={{ htmlInput: { readOnly: true, style: { fontFamily: 'monospace' } } }} fullWidth />
          <TextField label="Code from the app" value={code} onChange={(e) => setCode(e.target.value)} error={!!codeError} helperText={codeError}
            slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: 8 } }} required autoFocus fullWidth />
          <TextField label="Name for this app" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="e.g. Work phone" slotProps={{ htmlInput: { maxLength: 60 } }} fullWidth />
          <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between' }}>
            <Button color="inherit" onClick={() => setChoice(null)}>Back</Button>
            <Button type="submit" variant="contained" disabled={busy || !code.trim()}>Confirm</Button>
          </Stack>
        </Stack>
      )}
    </Stack>
  );
}
