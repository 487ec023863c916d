import { useState, type FormEvent } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField } from '@mui/material';
import { useAuthProvider, useLogout } from 'react-admin';
import { IDLE_TIMEOUT_MS } from '../../server/auth/session-timing.ts';
import { cachedMe } from '../authProvider.ts';
import type { EndReason } from './session.ts';
import { useSmallScreen } from './useSmallScreen.ts';

const WHY: Record<EndReason, string> = {
  idle: `You were signed out after ${IDLE_TIMEOUT_MS / 60_000} minutes without activity.`,
  elsewhere: 'You signed out in another tab.',
  ended: 'Your session has ended: an admin may have ended it, or your password was changed.',
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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // On success the session state changes and this dialog goes away (admin/layout/session.ts).
      await authProvider?.login({ email, password });
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Signing in failed. Try again.');
      setBusy(false);
    }
  };

  return (
    <Dialog open fullScreen={fullScreen} aria-labelledby="sign-in-again-title" aria-describedby="sign-in-again-why" sx={{ zIndex: (t) => t.zIndex.modal + 2 }}>
      <form onSubmit={submit} noValidate>
        <DialogTitle id="sign-in-again-title">Sign in again to carry on</DialogTitle>
        <DialogContent>
          <Stack spacing={2}>
            <DialogContentText id="sign-in-again-why">
              {WHY[reason]} Everything on this screen stays as it was, including what you typed.
            </DialogContentText>
            {error && <Alert severity="error" role="alert">{error}</Alert>}
            <TextField label="E-mail" value={email} slotProps={{ htmlInput: { readOnly: true } }} autoComplete="username" fullWidth />
            <TextField label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required autoFocus fullWidth />
          </Stack>
        </DialogContent>
        <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
          <Button onClick={() => logout()} color="inherit">Sign in as someone else</Button>
          <Button type="submit" variant="contained" disabled={busy || !password}>Sign in</Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
