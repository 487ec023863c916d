import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useAuthProvider, useLogout } from 'react-admin';
import { IDLE_TIMEOUT_MS } from '../../server/auth/session-timing.ts';
import { useSmallScreen } from './useSmallScreen.ts';
import { useT } from '../i18n/index.ts';

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
  const t = useT();
  const stay = async () => {
    setBusy(true);
    try {
      await authProvider?.checkAuth({});
    } finally {
      setBusy(false);
    }
  };
  const when = t('session.inSeconds', { smart_count: secondsLeft });
  return (
    <Dialog
      open
      fullScreen={fullScreen}
      role="alertdialog"
      aria-labelledby="idle-warning-title"
      aria-describedby="idle-warning-text"
      sx={{ zIndex: (t) => t.zIndex.modal + 1 }}
    >
      <DialogTitle id="idle-warning-title">{t(atAbsoluteLimit ? 'session.limit.title' : 'session.idle.title')}</DialogTitle>
      <DialogContent>
        <DialogContentText id="idle-warning-text">
          {atAbsoluteLimit ? t('session.limit.text', { when }) : t('session.idle.text', { minutes: IDLE_MINUTES - 1, when })}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={() => logout()} color="inherit">
          {t('session.signOutNow')}
        </Button>
        {atAbsoluteLimit ? (
          <Button onClick={onDismiss} variant="contained" autoFocus>
            {t('session.limit.ok')}
          </Button>
        ) : (
          <Button onClick={stay} variant="contained" disabled={busy} autoFocus>
            {t('session.idle.stay')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
