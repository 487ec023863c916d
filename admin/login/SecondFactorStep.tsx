import { useState, type FormEvent } from 'react';
import { Alert, Button, Link, Stack, TextField, Typography } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import { passkeyAssertion, passkeyProblem, passkeysWorkHere, type SecondStepInput, type SecondStepMethod } from './signInSteps.ts';

type Props = {
  methods: SecondStepMethod[];
  passkeyOrigin: string;
  /** Sends the proof (authProvider.login's second step); rejects with the server's message. */
  onProof: (input: SecondStepInput) => Promise<void>;
  onStartOver: () => void;
};

/** The browser's passkey prompt; its refusals in words. */
async function askPasskey(): Promise<SecondStepInput> {
  try {
    return { method: 'passkey', response: await passkeyAssertion() };
  } catch (err) {
    throw new Error((err as { status?: number }).status ? (err as Error).message : passkeyProblem(err));
  }
}

/**
 * The sign-in's second step, on the sign-in page after the password: the passkey, a code from
 * the authenticator app, or one of the recovery codes.
 */
export function SecondFactorStep({ methods, passkeyOrigin, onProof, onStartOver }: Props) {
  const hasApp = methods.includes('totp');
  const hasPasskey = methods.includes('passkey');
  // A member with a passkey only sees its button first; the recovery code is one link away.
  const [mode, setMode] = useState<'totp' | 'recovery' | null>(hasApp ? 'totp' : hasPasskey ? null : 'recovery');
  const switchTo = (next: 'totp' | 'recovery') => {
    setMode(next);
    setCode('');
    setError(null);
  };
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passkeysHere = passkeysWorkHere(passkeyOrigin);

  const send = async (proof: () => Promise<SecondStepInput>) => {
    setBusy(true);
    setError(null);
    try {
      await onProof(await proof());
    } catch (err) {
      setError(err instanceof Error ? err.message : 'That did not work. Try again.');
      setBusy(false);
    }
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    if (mode) void send(async () => ({ method: mode, code }));
  };

  return (
    <Stack spacing={2}>
      {error && <Alert severity="error" role="alert">{error}</Alert>}
      {hasPasskey && (
        <>
          <Button variant="contained" size="large" startIcon={<KeyIcon />} onClick={() => send(askPasskey)} disabled={busy || !passkeysHere}>
            Use your passkey
          </Button>
          {!passkeysHere && (
            <Typography variant="body2" color="text.secondary">Passkeys work only at {passkeyOrigin}; this page is open at another address.</Typography>
          )}
        </>
      )}
      {mode && <Stack component="form" spacing={2} onSubmit={submitCode} noValidate>
        {mode === 'totp' ? (
          <TextField key="totp" label="Code from your authenticator app" value={code} onChange={(e) => setCode(e.target.value)}
            slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: 8 } }} autoFocus={!hasPasskey} fullWidth />
        ) : (
          <TextField key="recovery" label="Recovery code" value={code} onChange={(e) => setCode(e.target.value)} helperText="One of the ten codes you saved; each works once."
            slotProps={{ htmlInput: { autoComplete: 'off', maxLength: 32 } }} autoFocus fullWidth />
        )}
        <Button type="submit" variant={hasPasskey ? 'outlined' : 'contained'} disabled={busy || !code.trim()}>Confirm</Button>
      </Stack>}
      <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Link component="button" type="button" variant="body2" onClick={onStartOver}>Start over</Link>
        {mode !== 'recovery' && <Link component="button" type="button" variant="body2" onClick={() => switchTo('recovery')}>Use a recovery code instead</Link>}
        {mode === 'recovery' && hasApp && <Link component="button" type="button" variant="body2" onClick={() => switchTo('totp')}>Use the authenticator app instead</Link>}
      </Stack>
    </Stack>
  );
}
