import { useState } from 'react';
import { Alert, Button, Card, CardContent, CardHeader, Dialog, DialogContent, DialogTitle, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Title, useDataProvider, useGetIdentity, useNotify } from 'react-admin';
import { Link as RouterLink } from 'react-router-dom';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { SubdeskDataProvider } from '../dataProvider.ts';
import { formatDateTime } from '../../server/vocabulary/index.ts';
import { EnrolFactor } from '../login/EnrolFactor.tsx';
import { RecoveryCodesList } from '../login/RecoveryCodesList.tsx';
import { passkeysWorkHere, type EnrolInput, type FactorEnrolment, type FactorKind } from '../login/signInSteps.ts';
import { CHANGE_PASSWORD_PATH } from '../authProvider.ts';
import { PasswordCheckDialog } from './PasswordCheckDialog.tsx';

type Factor = { id: number; kind: FactorKind; label: string; createdAt: string; lastUsedAt: string | null };
type Overview = { factors: Factor[]; recoveryCodesLeft: number; required: boolean; passkeyOrigin: string };

const KIND: Record<FactorKind, string> = { passkey: 'Passkey', totp: 'Authenticator app' };
const QUERY_KEY = ['sign-in-methods'];

/**
 * Sign-in methods: the member's password, their second factors (add a passkey or an
 * authenticator app; remove one with the password re-checked) and their recovery codes (how many
 * are left; new ones with the password re-checked, shown once). Reached from the user menu.
 */
export function SecurityPage() {
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
      const answer = await dataProvider.post<{ recoveryCodes: string[] | null }>(method === 'totp' ? 'sign-in-methods/totp/confirm' : 'sign-in-methods/passkey', body);
      return { recoveryCodes: answer.recoveryCodes };
    },
  };

  if (error) return <Alert severity="error" sx={{ mt: 2 }}>{error instanceof Error ? error.message : 'Your sign-in methods could not be read.'}</Alert>;
  const factors = data?.factors ?? [];
  const keepOne = data?.required && factors.length === 1;

  return (
    <Stack spacing={2} sx={{ mt: 2, maxWidth: 900 }}>
      <Title title="Sign-in methods" />
      <Typography variant="h5" component="h1">Sign-in methods</Typography>

      <Card variant="outlined" component="section" aria-label="Password">
        <CardHeader title="Password" titleTypographyProps={{ component: 'h2', variant: 'h6' }} />
        <CardContent>
          <Button component={RouterLink} to={CHANGE_PASSWORD_PATH} variant="outlined">Change password</Button>
        </CardContent>
      </Card>

      <Card variant="outlined" component="section" aria-label="Second factors">
        <CardHeader title="Second factors" titleTypographyProps={{ component: 'h2', variant: 'h6' }}
          subheader={data?.required ? 'Your role requires at least one: it is asked for after your password at every sign-in.' : 'Optional for your role. Once you add one, it is asked for after your password at every sign-in.'} />
        <CardContent>
          <Stack spacing={2}>
            {data && !passkeysWorkHere(data.passkeyOrigin) && (
              <Alert severity="info">Passkeys work only at {data.passkeyOrigin}, and this page is open at another address: passkeys cannot be added or used here.</Alert>
            )}
            {factors.length ? (
              <Table size="small" aria-label="Your second factors">
                <TableHead>
                  <TableRow>
                    <TableCell>Kind</TableCell>
                    <TableCell>Name</TableCell>
                    <TableCell>Added</TableCell>
                    <TableCell>Last used</TableCell>
                    <TableCell><span hidden>Actions</span></TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {factors.map((f) => (
                    <TableRow key={f.id}>
                      <TableCell>{KIND[f.kind]}</TableCell>
                      <TableCell>{f.label}</TableCell>
                      <TableCell>{formatDateTime(f.createdAt)}</TableCell>
                      <TableCell>{f.lastUsedAt ? formatDateTime(f.lastUsedAt) : 'never'}</TableCell>
                      <TableCell align="right">
                        <Button size="small" color="error" onClick={() => setRemoving(f)} disabled={keepOne} aria-label={`Remove ${f.label}`}
                          title={keepOne ? 'Your role must keep a second factor: add another one first.' : undefined}>Remove</Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              data && <Typography variant="body2">No second factor yet: your password alone signs you in.</Typography>
            )}
            <Button variant="contained" onClick={() => setAdding(true)} sx={{ alignSelf: 'flex-start' }} disabled={!data}>Add a passkey or app</Button>
          </Stack>
        </CardContent>
      </Card>

      <Card variant="outlined" component="section" aria-label="Recovery codes">
        <CardHeader title="Recovery codes" titleTypographyProps={{ component: 'h2', variant: 'h6' }} />
        <CardContent>
          <Stack spacing={2}>
            <Typography variant="body2">
              {factors.length
                ? `${data?.recoveryCodesLeft ?? 0} of 10 left. Each works once at sign-in when your passkey or app is not at hand.`
                : 'They come with your first second factor.'}
            </Typography>
            {factors.length > 0 && <Button variant="outlined" onClick={() => setRenewing(true)} sx={{ alignSelf: 'flex-start' }}>Get new recovery codes</Button>}
          </Stack>
        </CardContent>
      </Card>

      <Dialog open={adding} onClose={() => setAdding(false)} aria-labelledby="add-factor-title" fullWidth maxWidth="xs">
        <DialogTitle id="add-factor-title">Add a second factor</DialogTitle>
        <DialogContent>
          {adding && data && (
            <EnrolFactor enrolment={enrolment} passkeyOrigin={data.passkeyOrigin} onCancel={() => setAdding(false)}
              onEnrolled={(kind, recoveryCodes) => {
                setAdding(false);
                notify(`${KIND[kind]} added.`, { type: 'success' });
                if (recoveryCodes) setCodes(recoveryCodes);
                void reload();
              }} />
          )}
        </DialogContent>
      </Dialog>

      <Dialog open={codes !== null} aria-labelledby="codes-title" fullWidth maxWidth="xs">
        <DialogTitle id="codes-title">Your recovery codes</DialogTitle>
        <DialogContent>
          {codes && <RecoveryCodesList codes={codes} email={identity?.fullName ?? ''} onDone={() => setCodes(null)} doneLabel="Done" />}
        </DialogContent>
      </Dialog>

      <PasswordCheckDialog open={removing !== null} title={`Remove ${removing?.label ?? ''}?`} confirmLabel="Remove"
        description={`It no longer signs you in.${factors.length === 1 ? ' It is your last second factor: your recovery codes go with it, and your password alone signs you in.' : ''} Type your password to confirm.`}
        onClose={() => setRemoving(null)}
        onConfirm={async (password) => {
          await dataProvider.action('sign-in-methods', removing!.id, 'remove', { password });
          notify(`${removing!.label} removed.`, { type: 'success' });
          setRemoving(null);
          await reload();
        }} />

      <PasswordCheckDialog open={renewing} title="Get new recovery codes?" confirmLabel="Get new codes"
        description="Your current recovery codes stop working at once. Type your password to confirm."
        onClose={() => setRenewing(false)}
        onConfirm={async (password) => {
          const { recoveryCodes } = await dataProvider.post<{ recoveryCodes: string[] }>('sign-in-methods/recovery-codes', { password });
          setRenewing(false);
          setCodes(recoveryCodes);
          await reload();
        }} />
    </Stack>
  );
}
