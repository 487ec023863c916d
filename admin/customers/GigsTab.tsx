import { Alert, Box, Card, CardContent, CardHeader, Chip, Stack, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { isUnreachable, type CustomerRecord, type GigsAddress, type GigsSubscription, type GigsUser } from './types.ts';
import { finishedLast, STATUS_COLOR } from './format.ts';
import { NO_VALUE, orNoValue } from '../../server/vocabulary/index.ts';
import { formatPhone } from './phone.ts';
import { useSubscriptionState } from '../gigs/status.ts';
import { useFormat, useStatusWord, useT } from '../i18n/index.ts';
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
  const t = useT();
  const format = useFormat();
  const statusWord = useStatusWord();
  const title = s.plan?.name ?? s.plan?.id ?? t('gigsTab.unknownPlan');
  const state = useSubscriptionState()(s);
  return (
    <Card variant="outlined" component="article" aria-label={t('gigsTab.subscription', { id: s.id, state: state.label })}>
      <CardHeader
        title={title}
        subheader={s.id}
        action={<Chip label={state.label} color={state.color} size="small" />}
        slotProps={{ title: { variant: 'subtitle1', component: 'h3' } }}
      />
      <CardContent>
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 2 }}>
          <Fact label={t('gigsTab.price')}>{orNoValue(format.pricePer(format.money(s.plan?.price), s.plan?.validity))}</Fact>
          <Fact label={t('gigsTab.allowances')}>{orNoValue(format.allowances(s.plan?.allowances).summary)}</Fact>
          <Fact label={t('gigsTab.phoneNumber')}>{orNoValue(formatPhone(s.phoneNumber))}</Fact>
          <Fact label={t('gigsTab.sim')}>
            {s.sim ? t('gigsTab.simLine', { type: s.sim.type ?? t('gigsTab.sim'), iccid: s.sim.iccid ?? NO_VALUE }) : t('gigsTab.noSim')}
          </Fact>
          <Fact label={t('gigsTab.currentPeriod')}>
            {s.currentPeriod ? `${format.date(s.currentPeriod.start)} – ${format.date(s.currentPeriod.end)}` : NO_VALUE}
          </Fact>
          {s.endedAt && <Fact label={t(s.status === 'ended' ? 'gigsTab.ended' : 'gigsTab.ends')}>{format.date(s.endedAt)}</Fact>}
        </Box>
        <Box sx={{ mt: 2 }}>
          <Typography variant="caption" color="text.secondary" component="h4">
            {t('gigsTab.addons')}
          </Typography>
          {s.addons.length ? (
            <Stack component="ul" sx={{ m: 0, pl: 2 }}>
              {s.addons.map((a) => (
                <li key={a.id}>
                  <Typography variant="body2">
                    {a.addon?.name ?? a.id} · {orNoValue(format.allowances(a.addon?.allowances).summary)} · {orNoValue(format.money(a.addon?.price))} ·{' '}
                    <Chip component="span" label={a.status ? statusWord(a.status) : '?'} size="small" color={STATUS_COLOR[a.status ?? ''] ?? 'default'} />
                  </Typography>
                </li>
              ))}
            </Stack>
          ) : (
            <Typography variant="body2">{t('gigsTab.noAddons')}</Typography>
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
  const t = useT();
  const statusWord = useStatusWord();
  if (!c) return null;
  // Until the live answer arrives the record is the list's row, without upstream data.
  if (!c.gigs) return <Typography sx={{ p: 2 }}>{t('gigsTab.reading')}</Typography>;
  if (isUnreachable(c.gigs)) return <UnreachableNotice system="Gigs" message={c.gigs.error} />;
  const { user, subscriptions, address } = c.gigs;
  if (!user) {
    return (
      <Stack spacing={2} sx={{ p: 2 }}>
        <Alert severity="info">{t('gigsTab.notCustomer', { email: c.email ?? '' })}</Alert>
        <Box component="section" role="region" aria-label={t('gigsTab.actions')}>
          <CustomerActions customer={c} user={null} />
        </Box>
      </Stack>
    );
  }
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      <Box component="section" sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: 2 }} aria-label={t('gigsTab.account')}>
        <Fact label={t('gigsTab.nameInGigs')}>{orNoValue(user.fullName ?? '')}</Fact>
        <Fact label={t('gigsTab.emailInGigs')}>{user.email}</Fact>
        <Fact label={t('gigsTab.addressInGigs')}>{address ? addressLine(address) : t('gigsTab.noneGiven')}</Fact>
        <Fact label={t('gigsTab.accountStatus')}>{user.status ? statusWord(user.status) : NO_VALUE}</Fact>
      </Box>
      <Box component="section" role="region" aria-label={t('gigsTab.actions')}>
        <CustomerActions customer={c} user={user} />
      </Box>
      {subscriptions.length ? (
        finishedLast(subscriptions, (s) => s.status === 'ended').map((s) => <SubscriptionCard key={s.id} customer={c} user={user} s={s} />)
      ) : (
        <Typography>{t('gigsTab.noSubscriptions')}</Typography>
      )}
    </Stack>
  );
}
