import { useState, type FormEvent } from 'react';
import { Alert, Button, Link, Stack, TextField, Typography } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import { useT, type Translate } from '../i18n/index.ts';
import { passkeyAssertion, passkeyProblem, passkeysWorkHere, type SecondStepInput, type SecondStepMethod } from './signInSteps.ts';

type Props = {
  methods: SecondStepMethod[];
  passkeyOrigin: string;
  /** Sends the proof (authProvider.login's second step); rejects with the server's message. */
  onProof: (input: SecondStepInput) => Promise<void>;
  onStartOver: () => void;
};

/** The browser's passkey prompt; its refusals in words. */
async function askPasskey(t: Translate): Promise<SecondStepInput> {
  try {
    return { method: 'passkey', response: await passkeyAssertion() };
  } catch (err) {
    throw new Error((err as { status?: number }).status ? (err as Error).message : passkeyProblem(err, t));
  }
}

/**
 * The sign-in's second step, on the sign-in page after the password: the passkey, a code from
 * the authenticator app, or one of the recovery codes.
 */
export function SecondFactorStep({ methods, passkeyOrigin, onProof, onStartOver }: Props) {
  const t = useT();
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
      setError(err instanceof Error ? err.message : t('common.didNotWork'));
      setBusy(false);
    }
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    if (mode) void send(async () => ({ method: mode, code }));
  };

  return (
    <Stack spacing={2}>
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      {hasPasskey && (
        <>
          <Button variant="contained" size="large" startIcon={<KeyIcon />} onClick={() => send(() => askPasskey(t))} disabled={busy || !passkeysHere}>
            {t('login.secondFactor.usePasskey')}
          </Button>
          {!passkeysHere && (
            <Typography variant="body2" color="text.secondary">
              {t('login.secondFactor.passkeysElsewhere', { origin: passkeyOrigin })}
            </Typography>
          )}
        </>
      )}
      {mode && (
        <Stack component="form" spacing={2} onSubmit={submitCode} noValidate>
          {mode === 'totp' ? (
            <TextField
              key="totp"
              label={t('login.secondFactor.appCode')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: 8 } }}
              autoFocus={!hasPasskey}
              fullWidth
            />
          ) : (
            <TextField
              key="recovery"
              label={t('login.secondFactor.recoveryCode')}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              helperText={t('login.secondFactor.recoveryCodeHelp')}
              slotProps={{ htmlInput: { autoComplete: 'off', maxLength: 32 } }}
              autoFocus
              fullWidth
            />
          )}
          <Button type="submit" variant={hasPasskey ? 'outlined' : 'contained'} disabled={busy || !code.trim()}>
            {t('login.secondFactor.confirm')}
          </Button>
        </Stack>
      )}
      <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
        <Link component="button" type="button" variant="body2" onClick={onStartOver}>
          {t('login.secondFactor.startOver')}
        </Link>
        {mode !== 'recovery' && (
          <Link component="button" type="button" variant="body2" onClick={() => switchTo('recovery')}>
            {t('login.secondFactor.useRecoveryCode')}
          </Link>
        )}
        {mode === 'recovery' && hasApp && (
          <Link component="button" type="button" variant="body2" onClick={() => switchTo('totp')}>
            {t('login.secondFactor.useApp')}
          </Link>
        )}
      </Stack>
    </Stack>
  );
}
