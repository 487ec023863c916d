import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Box, Button, Card, CardContent, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { LocalesMenuButton, useAuthProvider, useLogin } from 'react-admin';
import { useT } from '../i18n/index.ts';
import { DemoAccountsHint } from './DemoAccountsHint.tsx';
import { SecondFactorStep } from './SecondFactorStep.tsx';
import { EnrolFactor } from './EnrolFactor.tsx';
import { RecoveryCodesList } from './RecoveryCodesList.tsx';
import { SecondStepRequired, signInEnrolment, type EnrolInput, type SecondStepInput } from './signInSteps.ts';

type Phase = { kind: 'password' } | { kind: 'secondFactor' | 'enrol'; required: SecondStepRequired } | { kind: 'recoveryCodes'; codes: string[] };

const HEADINGS = {
  password: 'login.heading',
  secondFactor: 'login.secondFactor.heading',
  enrol: 'login.enrol.heading',
  recoveryCodes: 'login.recoveryCodesHeading',
} as const satisfies Record<Phase['kind'], string>;

/**
 * subdesk's sign-in page: e-mail and password, then on the same page the second step (a passkey,
 * an authenticator app's code or a recovery code) or, when the member's role requires a second
 * factor they do not have yet, adding one and saving the recovery codes. The server's messages are
 * shown as they come (when to try again after too many attempts, a locked account); in sandbox
 * mode only, how to reach the demo accounts.
 */
export function LoginPage() {
  const login = useLogin();
  const authProvider = useAuthProvider();
  const t = useT();
  const [phase, setPhase] = useState<Phase>({ kind: 'password' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = t('login.pageTitleOf', { heading: t(HEADINGS[phase.kind]) });
  }, [t, phase.kind]);

  const startOver = () => {
    setPhase({ kind: 'password' });
    setPassword('');
    setError(null);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login({ email, password });
    } catch (err) {
      if (err instanceof SecondStepRequired) setPhase({ kind: err.step, required: err });
      else setError(err instanceof Error ? err.message : t('login.failed'));
      setBusy(false);
    }
  };

  // A wrong proof rejects (the step shows the message); a right one goes on like any sign-in.
  const prove = (secondFactor: SecondStepInput) => login({ secondFactor });
  // The enrolment opens the session but must not leave the page yet: the recovery codes come
  // first. So it is the authProvider's own call (useLogin would navigate), and `continue` goes on.
  const enrolment = signInEnrolment(async (enrol: EnrolInput) => {
    const answer = (await authProvider!.login({ enrol })) as { recoveryCodes?: string[] };
    return { recoveryCodes: answer?.recoveryCodes ?? null };
  });

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'background.default', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 440 }}>
        <CardContent>
          <Stack spacing={2}>
            <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', flexWrap: 'wrap', gap: 1 }}>
              <Typography id="sign-in-heading" variant="h5" component="h1">
                {t(HEADINGS[phase.kind])}
              </Typography>
              <LocalesMenuButton />
            </Stack>
            {phase.kind === 'password' && (
              <Stack component="form" spacing={2} onSubmit={submit} aria-labelledby="sign-in-heading" noValidate>
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
            )}
            {phase.kind === 'secondFactor' && (
              <>
                {phase.required.locked ? (
                  <Alert severity="warning" role="alert">
                    {phase.required.locked}
                  </Alert>
                ) : (
                  <Typography variant="body2">{t('login.secondFactor.passwordAccepted', { email })}</Typography>
                )}
                <SecondFactorStep methods={phase.required.methods} passkeyOrigin={phase.required.passkeyOrigin} onProof={prove} onStartOver={startOver} />
              </>
            )}
            {phase.kind === 'enrol' && (
              <>
                <Typography variant="body2">{t('login.enrol.why')}</Typography>
                <EnrolFactor
                  enrolment={enrolment}
                  passkeyOrigin={phase.required.passkeyOrigin}
                  onEnrolled={(_kind, codes) => setPhase({ kind: 'recoveryCodes', codes: codes ?? [] })}
                  onCancel={startOver}
                />
              </>
            )}
            {phase.kind === 'recoveryCodes' && (
              <RecoveryCodesList codes={phase.codes} email={email} onDone={() => login({ continue: true })} doneLabel={t('login.continueToSubdesk')} />
            )}
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
