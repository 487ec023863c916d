import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField } from '@mui/material';
import { useAuthProvider, useLogout } from 'react-admin';
import { IDLE_TIMEOUT_MS } from '../../server/auth/session-timing.ts';
import { cachedMe } from '../authProvider.ts';
import type { EndReason } from './session.ts';
import { useSmallScreen } from './useSmallScreen.ts';
import { useT, type MessageKey } from '../i18n/index.ts';
import { SecondFactorStep } from '../login/SecondFactorStep.tsx';
import { SecondStepRequired, type SecondStepInput } from '../login/signInSteps.ts';

const WHY: Record<EndReason, MessageKey> = {
  idle: 'session.again.idle',
  elsewhere: 'session.again.elsewhere',
  ended: 'session.again.ended',
};

/**
 * The sign-in in place: over the screen the agent was on, for the same member, with their second
 * factor when they have one. Signing in as someone else is a real sign-out (that screen was the
 * previous member's), and so is a member whose role now requires a factor they have not added:
 * that is done on the sign-in page, with its recovery codes.
 */
export function SignInAgainDialog({ reason }: { reason: EndReason }) {
  const authProvider = useAuthProvider();
  const logout = useLogout();
  const fullScreen = useSmallScreen();
  const email = cachedMe()?.email ?? '';
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secondStep, setSecondStep] = useState<SecondStepRequired | null>(null);
  const t = useT();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // On success the session state changes and this dialog goes away (admin/layout/session.ts).
      await authProvider?.login({ email, password });
    } catch (err) {
      if (err instanceof SecondStepRequired && err.step === 'enrol') return logout();
      if (err instanceof SecondStepRequired) setSecondStep(err);
      else setError(err instanceof Error ? err.message : t('login.failed'));
      setBusy(false);
    }
  };
  // A wrong proof rejects and the step shows why; a right one ends the dialog like a password does.
  const prove = async (secondFactor: SecondStepInput) => {
    await authProvider?.login({ secondFactor });
  };
  const startOver = () => {
    setSecondStep(null);
    setPassword('');
  };

  return (
    <Dialog open fullScreen={fullScreen} aria-labelledby="sign-in-again-title" aria-describedby="sign-in-again-why" sx={{ zIndex: (t) => t.zIndex.modal + 2 }}>
      {/* The second step has its own form: no form around it (a submit would bubble to this one). */}
      <Box component={secondStep ? 'div' : 'form'} onSubmit={secondStep ? undefined : submit} noValidate>
        <DialogTitle id="sign-in-again-title">{t('session.again.title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText id="sign-in-again-why">
              {t(WHY[reason], { minutes: IDLE_TIMEOUT_MS / 60_000 })} {t('session.again.keeps')}
            </DialogContentText>
            {secondStep ? (
              <>
                {secondStep.locked && (
                  <Alert severity="warning" role="alert">
                    {secondStep.locked}
                  </Alert>
                )}
                <SecondFactorStep methods={secondStep.methods} passkeyOrigin={secondStep.passkeyOrigin} onProof={prove} onStartOver={startOver} />
              </>
            ) : (
              <>
                {error && (
                  <Alert severity="error" role="alert">
                    {error}
                  </Alert>
                )}
                <TextField label={t('login.email')} value={email} slotProps={{ htmlInput: { readOnly: true } }} autoComplete="username" fullWidth />
                <TextField
                  label={t('login.password')}
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  required
                  autoFocus
                  fullWidth
                />
              </>
            )}
          </Stack>
        </DialogContent>
        <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
          <Button onClick={() => logout()} color="inherit">
            {t('session.again.someoneElse')}
          </Button>
          {!secondStep && (
            <Button type="submit" variant="contained" disabled={busy || !password}>
              {t('login.signIn')}
            </Button>
          )}
        </DialogActions>
      </Box>
    </Dialog>
  );
}
