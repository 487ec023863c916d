import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { LocalesMenuButton, useLogin } from 'react-admin';
import { useT } from '../i18n/index.ts';
import { DemoAccountsHint } from './DemoAccountsHint.tsx';

/**
 * subdesk's sign-in page: e-mail and password, the server's message when it refuses (it says
 * when to try again after too many attempts), and in sandbox mode only, how to reach the demo accounts.
 */
export function LoginPage() {
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const t = useT();

  useEffect(() => {
    document.title = t('login.pageTitle');
  }, [t]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ email, password });
    } catch (err) {
      setError(err instanceof Error ? err.message : t('login.failed'));
      setBusy(false);
    }
  };

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'background.default', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 420 }}>
        <CardContent>
          <Stack component="form" spacing={2} onSubmit={submit} aria-labelledby="sign-in-heading" noValidate>
            <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
              <Typography id="sign-in-heading" variant="h5" component="h1">
                {t('login.heading')}
              </Typography>
              <LocalesMenuButton />
            </Stack>
            {error && (
              <Alert severity="error" role="alert">
                {error}
              </Alert>
            )}
            <TextField
              id="login-email"
              label={t('login.email')}
              type="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              required
              autoFocus
              fullWidth
            />
            <TextField
              id="login-password"
              label={t('login.password')}
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              fullWidth
            />
            <Button
              type="submit"
              variant="contained"
              size="large"
              disabled={busy || !email || !password}
              startIcon={busy ? <CircularProgress size={18} aria-hidden /> : null}
            >
              {t('login.signIn')}
            </Button>
            <DemoAccountsHint />
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
