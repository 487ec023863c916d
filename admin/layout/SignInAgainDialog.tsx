import { useState, type FormEvent } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField } from '@mui/material';
import { useAuthProvider, useLogout } from 'react-admin';
import { IDLE_TIMEOUT_MS } from '../../server/auth/session-timing.ts';
import { cachedMe } from '../authProvider.ts';
import type { EndReason } from './session.ts';
import { useSmallScreen } from './useSmallScreen.ts';
import { useT, type MessageKey } from '../i18n/index.ts';

const WHY: Record<EndReason, MessageKey> = {
  idle: 'session.again.idle',
  elsewhere: 'session.again.elsewhere',
  ended: 'session.again.ended',
};

/**
 * The sign-in in place: over the screen the agent was on, for the same member. Signing in as
 * someone else is a real sign-out (that screen was the previous member's).
 */
export function SignInAgainDialog({ reason }: { reason: EndReason }) {
  const authProvider = useAuthProvider();
  const logout = useLogout();
  const fullScreen = useSmallScreen();
  const email = cachedMe()?.email ?? '';
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useT();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // On success the session state changes and this dialog goes away (admin/layout/session.ts).
      await authProvider?.login({ email, password });
    } catch (err) {
      setError(err instanceof Error ? err.message : t('login.failed'));
      setBusy(false);
    }
  };

  return (
    <Dialog open fullScreen={fullScreen} aria-labelledby="sign-in-again-title" aria-describedby="sign-in-again-why" sx={{ zIndex: (t) => t.zIndex.modal + 2 }}>
      <form onSubmit={submit} noValidate>
        <DialogTitle id="sign-in-again-title">{t('session.again.title')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText id="sign-in-again-why">
              {t(WHY[reason], { minutes: IDLE_TIMEOUT_MS / 60_000 })} {t('session.again.keeps')}
            </DialogContentText>
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
          </Stack>
        </DialogContent>
        <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
          <Button onClick={() => logout()} color="inherit">
            {t('session.again.someoneElse')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy || !password}>
            {t('login.signIn')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
