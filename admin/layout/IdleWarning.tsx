import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useAuthProvider, useLogout } from 'react-admin';
import { IDLE_TIMEOUT_MS } from '../../server/auth/session-timing.ts';
import { useSmallScreen } from './useSmallScreen.ts';

const IDLE_MINUTES = IDLE_TIMEOUT_MS / 60_000;

/**
 * A minute before the session ends for inactivity: staying asks the server once (any request
 * keeps a session alive), which moves the end. At the 12-hour limit nothing can, and it says so.
 */
export function IdleWarning({ secondsLeft, atAbsoluteLimit, onDismiss }: { secondsLeft: number; atAbsoluteLimit: boolean; onDismiss: () => void }) {
  const authProvider = useAuthProvider();
  const logout = useLogout();
  const fullScreen = useSmallScreen();
  const [busy, setBusy] = useState(false);
  const stay = async () => {
    setBusy(true);
    try {
      await authProvider?.checkAuth({});
    } finally {
      setBusy(false);
    }
  };
  const when = secondsLeft === 1 ? 'in 1 second' : `in ${secondsLeft} seconds`;
  return (
    <Dialog open fullScreen={fullScreen} role="alertdialog" aria-labelledby="idle-warning-title" aria-describedby="idle-warning-text" sx={{ zIndex: (t) => t.zIndex.modal + 1 }}>
      <DialogTitle id="idle-warning-title">{atAbsoluteLimit ? 'Your session is about to end' : 'Still there?'}</DialogTitle>
      <DialogContent>
        <DialogContentText id="idle-warning-text">
          {atAbsoluteLimit
            ? `A session lasts 12 hours at most: you will be signed out ${when}. Sign in again then; this screen stays as it is.`
            : `Nothing was sent to subdesk for ${IDLE_MINUTES - 1} minutes: you will be signed out ${when}. What you typed stays on this screen either way.`}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => logout()} color="inherit">Sign out now</Button>
        {atAbsoluteLimit ? (
          <Button onClick={onDismiss} variant="contained" autoFocus>
            OK
          </Button>
        ) : (
          <Button onClick={stay} variant="contained" disabled={busy} autoFocus>
            Stay signed in
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
