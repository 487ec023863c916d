import { Alert, Box, Card, CardContent, CardHeader, Chip, Divider, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, ListContextProvider, useList, useRecordContext } from 'react-admin';
import { isUnreachable, type CentraContract, type CentraSubscription, type CustomerRecord } from './types.ts';
import { finishedLast, STATUS_COLOR } from './format.ts';
import { formatDate, formatInterval, formatMajorMoney, orNoValue } from '../../server/vocabulary/index.ts';
import { ContractActions, SubscriptionActions } from '../centra/index.ts';
import { UnreachableNotice } from './Unreachable.tsx';
import { formatPhone } from './phone.ts';

/** Why a subscription needs someone to look at it (Centra's own flag when it sends one). */
export function attentionReasons(contract: CentraContract, s: CentraSubscription): string[] {
  if (s.status === 'cancelled') return [];
  const reasons = [...(s.attentionReasons ?? [])];
  if (s.needsAttention && !reasons.length) reasons.push('Centra flags this subscription');
  const payment = contract.subscriptionPayment;
  if (!payment.length) reasons.push('No payment method');
  else if (!payment.some((p) => p.status === 'active')) reasons.push(`Payment ${payment.map((p) => p.status).join(', ')}`);
  if (s.status === 'active' && !s.nextOrderDate) reasons.push('No next order date');
  return reasons;
}

function Address({ a }: { a: CentraContract['shippingAddress'] }) {
  return (
    <Typography variant="body2" component="address" sx={{ fontStyle: 'normal' }}>
      {[a.firstName, a.lastName].filter(Boolean).join(' ')}
      <br />
      {a.address1}
      {a.address2 ? `, ${a.address2}` : ''}
      <br />
      {[a.zipCode, a.city, a.state].filter(Boolean).join(' ')} · {a.country}
      <br />
      {[formatPhone(a.phoneNumber), a.email].filter(Boolean).join(' · ')}
    </Typography>
  );
}

function Products({ s }: { s: CentraSubscription }) {
  return (
    <>
      {s.lines.map((l) => (
        <div key={l.item}>
          {l.productName || l.item}
          {l.size ? ` (${l.size})` : ''} × {l.quantity ?? 1} · {orNoValue(formatMajorMoney(l.unitPrice))}
        </div>
      ))}
    </>
  );
}

function StatusCell({ contract, s }: { contract: CentraContract; s: CentraSubscription }) {
  const attention = attentionReasons(contract, s);
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Chip size="small" label={s.status} color={STATUS_COLOR[s.status] ?? 'default'} />
      {attention.length > 0 && <Chip size="small" color="error" label="Needs attention" title={attention.join('; ')} aria-label={`Needs attention: ${attention.join('; ')}`} />}
    </Stack>
  );
}

/** On a phone: one block per subscription, the same facts and actions, no table to scroll. */
function SubscriptionBlocks({ contract, subscriptions }: { contract: CentraContract; subscriptions: CentraSubscription[] }) {
  return (
    <Stack divider={<Divider />} spacing={1} component="ul" aria-label={`Subscriptions of contract ${contract.id}`} sx={{ m: 0, p: 0, listStyle: 'none' }}>
      {subscriptions.map((s) => (
        <Box component="li" key={s.id} sx={{ py: 1 }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
            <Typography variant="subtitle2">Subscription {s.id}</Typography>
            <StatusCell contract={contract} s={s} />
          </Stack>
          <Typography variant="body2" component="div">
            <Products s={s} />
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {[s.plan?.name ?? s.plan?.id, formatInterval(s.interval), s.discount ? `${s.discount}% off` : null, `quantity ${s.quantity}`, s.nextOrderDate ? `next order ${formatDate(s.nextOrderDate)}` : null].filter(Boolean).join(' · ')}
          </Typography>
          <SubscriptionActions subscription={s} />
        </Box>
      ))}
    </Stack>
  );
}

/** A contract's subscriptions, live ones first, each with its actions. */
function SubscriptionsTable({ contract }: { contract: CentraContract }) {
  const phone = useMediaQuery<Theme>((theme) => theme.breakpoints.down('sm'));
  const subscriptions = finishedLast(contract.subscriptions, (s) => s.status === 'cancelled');
  const list = useList({ data: subscriptions, perPage: 1000 });
  if (phone) return <SubscriptionBlocks contract={contract} subscriptions={subscriptions} />;
  return (
    <ListContextProvider value={list}>
      <DataTable<CentraSubscription> resource="centra-subscriptions" bulkActionButtons={false} rowClick={false} aria-label={`Subscriptions of contract ${contract.id}`} hiddenColumns={[]}>
        <DataTable.Col source="id" label="Subscription" disableSort />
        <DataTable.Col label="Products" disableSort render={(s: CentraSubscription) => <Products s={s} />} />
        <DataTable.Col label="Plan" disableSort render={(s: CentraSubscription) => s.plan?.name ?? s.plan?.id ?? '—'} />
        <DataTable.Col label="Interval" disableSort render={(s: CentraSubscription) => orNoValue(formatInterval(s.interval))} />
        <DataTable.Col label="Discount" disableSort render={(s: CentraSubscription) => (s.discount ? `${s.discount}%` : '—')} />
        <DataTable.Col source="quantity" label="Quantity" disableSort />
        <DataTable.Col label="Status" disableSort render={(s: CentraSubscription) => <StatusCell contract={contract} s={s} />} />
        <DataTable.Col label="Next order" disableSort render={(s: CentraSubscription) => orNoValue(formatDate(s.nextOrderDate))} />
        <DataTable.Col label="Actions" disableSort render={(s: CentraSubscription) => <SubscriptionActions subscription={s} />} />
      </DataTable>
    </ListContextProvider>
  );
}

function ContractCard({ contract }: { contract: CentraContract }) {
  return (
    <Card variant="outlined" component="article" aria-label={`Centra contract ${contract.id}`}>
      <CardHeader title={`Contract ${contract.id}`} subheader={contract.createdAt ? `since ${formatDate(contract.createdAt)}` : undefined} slotProps={{ title: { variant: 'subtitle1', component: 'h3' } }} />
      <CardContent>
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 2 }}>
          <Box>
            <Typography variant="caption" color="text.secondary">
              Shipping address
            </Typography>
            <Address a={contract.shippingAddress} />
          </Box>
          <Box>
            <Typography variant="caption" color="text.secondary" component="div">
              Payment
            </Typography>
            {contract.subscriptionPayment.length ? (
              contract.subscriptionPayment.map((p) => (
                <Typography key={p.id} variant="body2">
                  {p.paymentMethod} <Chip component="span" size="small" label={p.status} color={STATUS_COLOR[p.status] ?? 'default'} />
                </Typography>
              ))
            ) : (
              <Typography variant="body2">No payment method on file</Typography>
            )}
          </Box>
        </Box>
        <Box sx={{ my: 1 }}>
          <ContractActions contract={contract} />
        </Box>
        <SubscriptionsTable contract={contract} />
      </CardContent>
    </Card>
  );
}

/** Every Centra subscription contract of the person, live from Centra. */
export function CentraTab() {
  const c = useRecordContext<CustomerRecord>();
  if (!c) return null;
  // Until the live answer arrives the record is the list's row, without upstream data.
  if (!c.centra) return <Typography sx={{ p: 2 }}>Reading Centra…</Typography>;
  if (isUnreachable(c.centra)) return <UnreachableNotice system="Centra" message={c.centra.error} />;
  const { customer, contracts } = c.centra;
  if (!customer && !contracts.length) {
    return (
      <Stack spacing={2} sx={{ p: 2 }}>
        <Alert severity="info">This person is not a Centra customer: Centra has no customer or subscription contract for {c.email}.</Alert>
      </Stack>
    );
  }
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      {customer && (
        <Typography variant="body2">
          Centra customer {customer.customerId} · {customer.email} · {customer.country}
        </Typography>
      )}
      {contracts.length ? finishedLast(contracts, (k) => k.subscriptions.every((s) => s.status === 'cancelled')).map((k) => <ContractCard key={k.id} contract={k} />) : <Typography>No subscription contracts.</Typography>}
    </Stack>
  );
}
