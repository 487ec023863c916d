import { useState } from 'react';
import {
  Alert,
  Button,
  Card,
  CardContent,
  CardHeader,
  Dialog,
  DialogContent,
  DialogTitle,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { Title, useDataProvider, useGetIdentity, useNotify } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SubdeskDataProvider } from '../dataProvider.ts';
import { useFormat, useT } from '../i18n/index.ts';
import { EnrolFactor } from '../login/EnrolFactor.tsx';
import { RecoveryCodesList } from '../login/RecoveryCodesList.tsx';
import { passkeysWorkHere, type EnrolInput, type FactorEnrolment, type FactorKind } from '../login/signInSteps.ts';
import { CHANGE_PASSWORD_PATH } from '../authProvider.ts';
import { PasswordCheckDialog } from './PasswordCheckDialog.tsx';

type Factor = { id: number; kind: FactorKind; label: string; createdAt: string; lastUsedAt: string | null };
type Overview = { factors: Factor[]; recoveryCodesLeft: number; required: boolean; passkeyOrigin: string };

const QUERY_KEY = ['sign-in-methods'];

/**
 * Sign-in methods: the member's password, their second factors (add a passkey or an
 * authenticator app; remove one with the password re-checked) and their recovery codes (how many
 * are left; new ones with the password re-checked, shown once). Reached from the user menu.
 */
export function SecurityPage() {
  const t = useT();
  const format = useFormat();
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { identity } = useGetIdentity();
  const { data, error } = useQuery({ queryKey: QUERY_KEY, queryFn: () => dataProvider.get<Overview>('sign-in-methods') });
  const [adding, setAdding] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [removing, setRemoving] = useState<Factor | null>(null);
  const [renewing, setRenewing] = useState(false);
  const reload = () => queryClient.invalidateQueries({ queryKey: QUERY_KEY });

  const enrolment: FactorEnrolment = {
    startTotp: () => dataProvider.post('sign-in-methods/totp'),
    passkeyOptions: () => dataProvider.post('sign-in-methods/passkey-options'),
    confirm: async (input: EnrolInput) => {
      const { method, ...body } = input;
      const answer = await dataProvider.post<{ recoveryCodes: string[] | null }>(
        method === 'totp' ? 'sign-in-methods/totp/confirm' : 'sign-in-methods/passkey',
        body,
      );
      return { recoveryCodes: answer.recoveryCodes };
    },
  };

  if (error)
    return (
      <Alert severity="error" sx={{ mt: 2 }}>
        {error instanceof Error ? error.message : t('security.unreadable')}
      </Alert>
    );
  const factors = data?.factors ?? [];
  const keepOne = data?.required && factors.length === 1;

  return (
    <Stack spacing={2} sx={{ mt: 2, maxWidth: 900 }}>
      <Title title="security.title" />
      <Typography variant="h5" component="h1">
        {t('security.title')}
      </Typography>

      <Card variant="outlined" component="section" aria-label={t('security.password')}>
        <CardHeader title={t('security.password')} titleTypographyProps={{ component: 'h2', variant: 'h6' }} />
        <CardContent>
          <Button component={RouterLink} to={CHANGE_PASSWORD_PATH} variant="outlined">
            {t('account.changePassword')}
          </Button>
        </CardContent>
      </Card>

      <Card variant="outlined" component="section" aria-label={t('security.factors')}>
        <CardHeader
          title={t('security.factors')}
          titleTypographyProps={{ component: 'h2', variant: 'h6' }}
          subheader={data?.required ? t('security.required') : t('security.optional')}
        />
        <CardContent>
          <Stack spacing={2}>
            {data && !passkeysWorkHere(data.passkeyOrigin) && <Alert severity="info">{t('security.passkeysElsewhere', { origin: data.passkeyOrigin })}</Alert>}
            {factors.length ? (
              <Table size="small" aria-label={t('security.factorsTable')}>
                <TableHead>
                  <TableRow>
                    <TableCell>{t('security.columns.kind')}</TableCell>
                    <TableCell>{t('security.columns.name')}</TableCell>
                    <TableCell>{t('security.columns.added')}</TableCell>
                    <TableCell>{t('security.columns.lastUsed')}</TableCell>
                    <TableCell>
                      <span hidden>{t('security.columns.actions')}</span>
                    </TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {factors.map((f) => (
                    <TableRow key={f.id}>
                      <TableCell>{t(`security.kinds.${f.kind}`)}</TableCell>
                      <TableCell>{f.label}</TableCell>
                      <TableCell>{format.dateTime(f.createdAt)}</TableCell>
                      <TableCell>{f.lastUsedAt ? format.dateTime(f.lastUsedAt) : t('security.never')}</TableCell>
                      <TableCell align="right">
                        <Button
                          size="small"
                          color="error"
                          onClick={() => setRemoving(f)}
                          disabled={keepOne}
                          aria-label={t('security.removeNamed', { label: f.label })}
                          title={keepOne ? t('security.keepOne') : undefined}
                        >
                          {t('security.remove')}
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              data && <Typography variant="body2">{t('security.none')}</Typography>
            )}
            <Button variant="contained" onClick={() => setAdding(true)} sx={{ alignSelf: 'flex-start' }} disabled={!data}>
              {t('security.add')}
            </Button>
          </Stack>
        </CardContent>
      </Card>

      <Card variant="outlined" component="section" aria-label={t('security.recoveryCodes')}>
        <CardHeader title={t('security.recoveryCodes')} titleTypographyProps={{ component: 'h2', variant: 'h6' }} />
        <CardContent>
          <Stack spacing={2}>
            <Typography variant="body2">
              {factors.length ? t('security.codesLeft', { left: format.count(data?.recoveryCodesLeft ?? 0) }) : t('security.codesComeWithFirst')}
            </Typography>
            {factors.length > 0 && (
              <Button variant="outlined" onClick={() => setRenewing(true)} sx={{ alignSelf: 'flex-start' }}>
                {t('security.newCodes')}
              </Button>
            )}
          </Stack>
        </CardContent>
      </Card>

      <Dialog open={adding} onClose={() => setAdding(false)} aria-labelledby="add-factor-title" fullWidth maxWidth="xs">
        <DialogTitle id="add-factor-title">{t('security.addTitle')}</DialogTitle>
        <DialogContent>
          {adding && data && (
            <EnrolFactor
              enrolment={enrolment}
              passkeyOrigin={data.passkeyOrigin}
              onCancel={() => setAdding(false)}
              onEnrolled={(kind, recoveryCodes) => {
                setAdding(false);
                notify(t(`security.added.${kind}`), { type: 'success' });
                if (recoveryCodes) setCodes(recoveryCodes);
                void reload();
              }}
            />
          )}
        </DialogContent>
      </Dialog>

      <Dialog open={codes !== null} aria-labelledby="codes-title" fullWidth maxWidth="xs">
        <DialogTitle id="codes-title">{t('security.codesTitle')}</DialogTitle>
        <DialogContent>
          {codes && <RecoveryCodesList codes={codes} email={identity?.fullName ?? ''} onDone={() => setCodes(null)} doneLabel={t('security.done')} />}
        </DialogContent>
      </Dialog>

      <PasswordCheckDialog
        open={removing !== null}
        title={t('security.removeTitle', { label: removing?.label ?? '' })}
        confirmLabel={t('security.remove')}
        description={t(factors.length === 1 ? 'security.removeLastText' : 'security.removeText')}
        onClose={() => setRemoving(null)}
        onConfirm={async (password) => {
          await dataProvider.action('sign-in-methods', removing!.id, 'remove', { password });
          notify(t('security.removed', { label: removing!.label }), { type: 'success' });
          setRemoving(null);
          await reload();
        }}
      />

      <PasswordCheckDialog
        open={renewing}
        title={t('security.renewTitle')}
        confirmLabel={t('security.renewConfirm')}
        description={t('security.renewText')}
        onClose={() => setRenewing(false)}
        onConfirm={async (password) => {
          const { recoveryCodes } = await dataProvider.post<{ recoveryCodes: string[] }>('sign-in-methods/recovery-codes', { password });
          setRenewing(false);
          setCodes(recoveryCodes);
          await reload();
        }}
      />
    </Stack>
  );
}
