import { Alert, Box, Card, CardContent, CardHeader, Chip, Stack, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { isUnreachable, type CustomerRecord, type GigsAddress, type GigsSubscription, type GigsUser } from './types.ts';
import { finishedLast, STATUS_COLOR } from './format.ts';
import { formatAllowances, formatDate, formatMoney, formatPricePer, orNoValue } from '../../server/vocabulary/index.ts';
import { formatPhone } from './phone.ts';
import { subscriptionState } from '../gigs/status.ts';
import { CustomerActions, SubscriptionActions } from '../gigs/index.ts';
import { UnreachableNotice } from './Unreachable.tsx';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box>
      <Typography variant="caption" color="text.secondary" component="div">
        {label}
      </Typography>
      <Typography variant="body2" component="div">
        {children}
      </Typography>
    </Box>
  );
}

function SubscriptionCard({ customer, user, s }: { customer: CustomerRecord; user: GigsUser; s: GigsSubscription }) {
  const title = s.plan?.name ?? s.plan?.id ?? 'Unknown plan';
  const state = subscriptionState(s);
  return (
    <Card variant="outlined" component="article" aria-label={`Gigs subscription ${s.id} (${state.label})`}>
      <CardHeader
        title={title}
        subheader={s.id}
        action={<Chip label={state.label} color={state.color} size="small" />}
        slotProps={{ title: { variant: 'subtitle1', component: 'h3' } }}
      />
      <CardContent>
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 2 }}>
          <Fact label="Price">
            {orNoValue(formatPricePer(formatMoney(s.plan?.price), s.plan?.validity))}
          </Fact>
          <Fact label="Allowances">{orNoValue(formatAllowances(s.plan?.allowances).summary)}</Fact>
          <Fact label="Phone number">{formatPhone(s.phoneNumber) || '—'}</Fact>
          <Fact label="SIM">{s.sim ? `${s.sim.type ?? 'SIM'} · ICCID ${s.sim.iccid ?? '—'}` : 'No SIM'}</Fact>
          <Fact label="Current period">{s.currentPeriod ? `${formatDate(s.currentPeriod.start)} – ${formatDate(s.currentPeriod.end)}` : '—'}</Fact>
          {s.endedAt && <Fact label={s.status === 'ended' ? 'Ended' : 'Ends'}>{formatDate(s.endedAt)}</Fact>}
        </Box>
        <Box sx={{ mt: 2 }}>
          <Typography variant="caption" color="text.secondary" component="h4">
            Add-ons
          </Typography>
          {s.addons.length ? (
            <Stack component="ul" sx={{ m: 0, pl: 2 }}>
              {s.addons.map((a) => (
                <li key={a.id}>
                  <Typography variant="body2">
                    {a.addon?.name ?? a.id} · {orNoValue(formatAllowances(a.addon?.allowances).summary)} · {orNoValue(formatMoney(a.addon?.price))} · <Chip component="span" label={a.status ?? '?'} size="small" color={STATUS_COLOR[a.status ?? ''] ?? 'default'} />
                  </Typography>
                </li>
              ))}
            </Stack>
          ) : (
            <Typography variant="body2">None</Typography>
          )}
        </Box>
        <Box sx={{ mt: 2 }}>
          <SubscriptionActions customer={customer} user={user} subscription={s} />
        </Box>
      </CardContent>
    </Card>
  );
}

/** The user's newest address in Gigs, on one line. */
const addressLine = (a: GigsAddress) => [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.state, a.country].filter(Boolean).join(', ');

/** Every Gigs subscription of the person, all statuses, live from Gigs. */
export function GigsTab() {
  const c = useRecordContext<CustomerRecord>();
  if (!c) return null;
  // Until the live answer arrives the record is the list's row, without upstream data.
  if (!c.gigs) return <Typography sx={{ p: 2 }}>Reading Gigs…</Typography>;
  if (isUnreachable(c.gigs)) return <UnreachableNotice system="Gigs" message={c.gigs.error} />;
  const { user, subscriptions, address } = c.gigs;
  if (!user) {
    return (
      <Stack spacing={2} sx={{ p: 2 }}>
        <Alert severity="info">This person is not a Gigs customer: Gigs has no user with {c.email}.</Alert>
        <Box component="section" role="region" aria-label="Gigs actions">
          <CustomerActions customer={c} user={null} />
        </Box>
      </Stack>
    );
  }
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Box component="section" sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 2 }} aria-label="Gigs account">
        <Fact label="Name in Gigs">{user.fullName || '—'}</Fact>
        <Fact label="E-mail in Gigs">{user.email}</Fact>
        <Fact label="Address in Gigs">{address ? addressLine(address) : 'None given'}</Fact>
        <Fact label="Account">{user.status ?? '—'}</Fact>
      </Box>
      <Box component="section" role="region" aria-label="Gigs actions">
        <CustomerActions customer={c} user={user} />
      </Box>
      {subscriptions.length ? finishedLast(subscriptions, (s) => s.status === 'ended').map((s) => <SubscriptionCard key={s.id} customer={c} user={user} s={s} />) : <Typography>No subscriptions yet.</Typography>}
    </Stack>
  );
}
