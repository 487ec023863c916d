import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useLogout, useNotify } from 'react-admin';
import { useQueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router-dom';
import { changePassword, cachedMe } from '../authProvider.ts';
import { nextPath } from '../layout/returnTo.ts';

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

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) {
      setErrors({ repeat: 'does not match the new password' });
      return;
    }
    setBusy(true);
    setErrors({});
    setMessage(null);
    try {
      await changePassword(currentPassword, newPassword);
      notify('Your password is changed.', { type: 'success' });
      // The identity react-admin cached still says "must change": dropped, so the layout reads the new one.
      queryClient.removeQueries({ queryKey: ['auth'] });
      navigate(nextPath(location.state), { replace: true });
    } catch (err) {
      const e = err as { message?: string; body?: { errors?: FieldErrors } };
      setErrors(e.body?.errors ?? {});
      setMessage(e.message ?? 'The password could not be changed.');
      setBusy(false);
    }
  };

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'background.default', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 460 }}>
        <CardContent>
          <Stack component="form" spacing={2} onSubmit={submit} aria-labelledby="change-password-heading" noValidate>
            <Typography id="change-password-heading" variant="h5" component="h1">
              Choose your password
            </Typography>
            <Typography variant="body2">
              {me?.mustChangePassword ? 'You signed in with a one-time password. ' : ''}
              Choose a password of at least 12 characters that you don't use anywhere else. A few unrelated words work well.
            </Typography>
            {message && <Alert severity="error" role="alert">{message}</Alert>}
            <TextField id="current-password" label={me?.mustChangePassword ? 'One-time password' : 'Current password'} type="password" autoComplete="current-password"
              value={currentPassword} onChange={(e) => setCurrent(e.target.value)} error={!!errors.currentPassword} helperText={errors.currentPassword} required fullWidth />
            <TextField id="new-password" label="New password" type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)}
              error={!!errors.newPassword} helperText={errors.newPassword ?? 'At least 12 characters.'} required fullWidth />
            <TextField id="repeat-password" label="Repeat the new password" type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)}
              error={!!errors.repeat} helperText={errors.repeat} required fullWidth />
            <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between' }}>
              <Button onClick={() => logout()} color="inherit">Sign out</Button>
              <Button type="submit" variant="contained" disabled={busy || !currentPassword || !newPassword}>Save password</Button>
            </Stack>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
