import { useState, type FormEvent } from 'react';
import { Alert, Box, Button, Stack, TextField, Typography } from '@mui/material';
import KeyIcon from '@mui/icons-material/Key';
import PhonelinkLockIcon from '@mui/icons-material/PhonelinkLock';
import { QrCode } from '../gigs/QrCode.tsx';
import { useT, type Translate } from '../i18n/index.ts';
import { createPasskey, passkeyProblem, passkeysWorkHere, type FactorEnrolment, type FactorKind } from './signInSteps.ts';

type Props = {
  enrolment: FactorEnrolment;
  passkeyOrigin: string;
  /** After the factor is confirmed: the recovery codes when they came with it (the member's first factor). */
  onEnrolled: (kind: FactorKind, recoveryCodes: string[] | null) => void;
  onCancel?: () => void;
};

const errorOf = (err: unknown, t: Translate) => (err instanceof Error ? err.message : t('common.didNotWork'));

/**
 * Adding a second factor, the same at sign-in (when the role requires one) and on the Security
 * page: a passkey made by the browser, or an authenticator app set up from a QR code and confirmed
 * with one of its codes. Passkeys work only at PUBLIC_URL's address: elsewhere the page says so.
 */
export function EnrolFactor({ enrolment, passkeyOrigin, onEnrolled, onCancel }: Props) {
  const t = useT();
  const [choice, setChoice] = useState<FactorKind | null>(null);
  const [totp, setTotp] = useState<{ secret: string; uri: string } | null>(null);
  const [code, setCode] = useState('');
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const passkeysHere = passkeysWorkHere(passkeyOrigin);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    setCodeError(undefined);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };

  const chooseApp = () =>
    run(async () => {
      try {
        setTotp(await enrolment.startTotp());
        setChoice('totp');
      } catch (err) {
        setError(errorOf(err, t));
      }
    });

  const confirmApp = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      try {
        const { recoveryCodes } = await enrolment.confirm({ method: 'totp', code, label: label || undefined });
        onEnrolled('totp', recoveryCodes);
      } catch (err) {
        const e = err as { body?: { errors?: { code?: string } } };
        setCodeError(e.body?.errors?.code);
        setError(errorOf(err, t));
      }
    });
  };

  const makePasskey = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      let response;
      try {
        response = await createPasskey(await enrolment.passkeyOptions());
      } catch (err) {
        setError(passkeyProblem(err, t));
        return;
      }
      try {
        const { recoveryCodes } = await enrolment.confirm({ method: 'passkey', response, label: label || undefined });
        onEnrolled('passkey', recoveryCodes);
      } catch (err) {
        setError(errorOf(err, t));
      }
    });
  };

  return (
    <Stack spacing={2}>
      {error && (
        <Alert severity="error" role="alert">
          {error}
        </Alert>
      )}
      {choice === null && (
        <Stack spacing={1.5}>
          <Button variant="contained" startIcon={<KeyIcon />} onClick={() => setChoice('passkey')} disabled={busy || !passkeysHere}>
            {t('login.enrol.addPasskey')}
          </Button>
          {!passkeysHere && (
            <Typography variant="body2" color="text.secondary">
              {t('login.enrol.passkeysElsewhere', { origin: passkeyOrigin })}
            </Typography>
          )}
          <Button variant={passkeysHere ? 'outlined' : 'contained'} startIcon={<PhonelinkLockIcon />} onClick={chooseApp} disabled={busy}>
            {t('login.enrol.useApp')}
          </Button>
          {onCancel && (
            <Button color="inherit" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
        </Stack>
      )}
      {choice === 'passkey' && (
        <Stack component="form" spacing={2} onSubmit={makePasskey} noValidate>
          <Typography variant="body2">{t('login.enrol.passkeyPrompt')}</Typography>
          <TextField
            label={t('login.enrol.passkeyName')}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder={t('login.enrol.passkeyNameExample')}
            slotProps={{ htmlInput: { maxLength: 60 } }}
            fullWidth
          />
          <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between' }}>
            <Button color="inherit" onClick={() => setChoice(null)}>
              {t('login.enrol.back')}
            </Button>
            <Button type="submit" variant="contained" disabled={busy}>
              {t('login.enrol.createPasskey')}
            </Button>
          </Stack>
        </Stack>
      )}
      {choice === 'totp' && totp && (
        <Stack component="form" spacing={2} onSubmit={confirmApp} noValidate>
          <Typography variant="body2">{t('login.enrol.scan')}</Typography>
          <Box sx={{ alignSelf: 'center', bgcolor: '#fff', p: 1, borderRadius: 1 }}>
            <QrCode value={totp.uri} label={t('login.enrol.qrCode')} />
          </Box>
          <TextField
            label={t('login.enrol.setupKey')}
            value={totp.secret.replace(/(.{4})(?=.)/g, '$1 ')}
            helperText={t('login.enrol.setupKeyHelp')}
            slotProps={{ htmlInput: { readOnly: true, style: { fontFamily: 'monospace' } } }}
            fullWidth
          />
          <TextField
            label={t('login.enrol.appCode')}
            value={code}
            onChange={(e) => setCode(e.target.value)}
            error={!!codeError}
            helperText={codeError}
            slotProps={{ htmlInput: { inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: 8 } }}
            required
            autoFocus
            fullWidth
          />
          <TextField
            label={t('login.enrol.appName')}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            placeholder={t('login.enrol.appNameExample')}
            slotProps={{ htmlInput: { maxLength: 60 } }}
            fullWidth
          />
          <Stack direction="row" spacing={2} sx={{ justifyContent: 'space-between' }}>
            <Button color="inherit" onClick={() => setChoice(null)}>
              {t('login.enrol.back')}
            </Button>
            <Button type="submit" variant="contained" disabled={busy || !code.trim()}>
              {t('login.enrol.confirm')}
            </Button>
          </Stack>
        </Stack>
      )}
    </Stack>
  );
}
