import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useLogout, useNotify } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router-dom';
import { changePassword, cachedMe } from '../authProvider.ts';
import { nextPath } from '../layout/returnTo.ts';
import { useT } from '../i18n/index.ts';

type FieldErrors = { currentPassword?: string; newPassword?: string; repeat?: string };

/**
 * Where a member with a one-time password lands, and where anyone may change their own password.
 * At least 12 characters, nothing common; no rules about digits or symbols.
 */
export function ChangePasswordPage() {
  const me = cachedMe();
  const notify = useNotify();
  const navigate = useNavigate();
  const location = useLocation();
  const queryClient = useQueryClient();
  const logout = useLogout();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useT();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) {
      setErrors({ repeat: t('password.mismatch') });
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      await changePassword(currentPassword, newPassword);
      notify(t('password.saved'), { type: 'success' });
      // The identity react-admin cached still says "must change": dropped, so the layout reads the new one.
      queryClient.removeQueries({ queryKey: ['auth'] });
      navigate(nextPath(location.state), { replace: true });
    } catch (err) {
      const e = err as { message?: string; body?: { errors?: FieldErrors } };
      setErrors(e.body?.errors ?? {});
      setMessage(e.message ?? t('password.failed'));
      setBusy(false);
    }
  };

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'background.default', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 460 }}>
        <CardContent>
          <Stack component="form" spacing={2} onSubmit={submit} aria-labelledby="change-password-heading" noValidate>
            <Typography id="change-password-heading" variant="h5" component="h1">
              {t('password.heading')}
            </Typography>
            <Typography variant="body2">
              {me?.mustChangePassword ? `${t('password.oneTime')} ` : ''}
              {t('password.advice')}
            </Typography>
            {message && (
              <Alert severity="error" role="alert">
                {message}
              </Alert>
            )}
            <TextField
              id="current-password"
              label={t(me?.mustChangePassword ? 'password.oneTimeLabel' : 'password.current')}
              type="password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(e) => setCurrent(e.target.value)}
              error={!!errors.currentPassword}
              helperText={errors.currentPassword}
              required
              fullWidth
            />
            <TextField
              id="new-password"
              label={t('password.new')}
              type="password"
              autoComplete="new-password"
              value={newPassword}
              onChange={(e) => setNew(e.target.value)}
              error={!!errors.newPassword}
              helperText={errors.newPassword ?? t('password.newHelp')}
              required
              fullWidth
            />
            <TextField
              id="repeat-password"
              label={t('password.repeat')}
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              error={!!errors.repeat}
              helperText={errors.repeat}
              required
              fullWidth
            />
            <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between' }}>
              <Button onClick={() => logout()} color="inherit">
                {t('account.signOut')}
              </Button>
              <Button type="submit" variant="contained" disabled={busy || !currentPassword || !newPassword}>
                {t('password.save')}
              </Button>
            </Stack>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
