import { Alert, Box, Card, CardContent, CardHeader, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { isUnreachable, type CentraContract, type CentraCustomer, type CentraSubscription, type CustomerRecord } from './types.ts';
import { finishedLast, STATUS_COLOR } from './format.ts';
import { formatDate, formatInterval, formatMajorMoney, orNoValue } from '../../server/vocabulary/index.ts';
import { CentraContractActions, CentraSubscriptionActions } from './slots.tsx';
import { UnreachableNotice } from './Unreachable.tsx';

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
      {[a.phoneNumber, a.email].filter(Boolean).join(' · ')}
    </Typography>
  );
}

function ContractCard({ customer, centraCustomer, contract }: { customer: CustomerRecord; centraCustomer: CentraCustomer | null; contract: CentraContract }) {
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
          <CentraContractActions customer={customer} contract={contract} centraCustomer={centraCustomer} />
        </Box>
        <Table size="small" aria-label={`Subscriptions of contract ${contract.id}`}>
          <TableHead>
            <TableRow>
              <TableCell>Subscription</TableCell>
              <TableCell>Products</TableCell>
              <TableCell>Plan</TableCell>
              <TableCell>Interval</TableCell>
              <TableCell>Discount</TableCell>
              <TableCell>Quantity</TableCell>
              <TableCell>Status</TableCell>
              <TableCell>Next order</TableCell>
              <TableCell>Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {finishedLast(contract.subscriptions, (s) => s.status === 'cancelled').map((s) => {
              const attention = attentionReasons(contract, s);
              return (
                <TableRow key={s.id}>
                  <TableCell>{s.id}</TableCell>
                  <TableCell>
                    {s.lines.map((l) => (
                      <div key={l.item}>
                        {l.productName || l.item}
                        {l.size ? ` (${l.size})` : ''} × {l.quantity ?? 1} · {orNoValue(formatMajorMoney(l.unitPrice))}
                      </div>
                    ))}
                  </TableCell>
                  <TableCell>{s.plan?.name ?? s.plan?.id ?? '—'}</TableCell>
                  <TableCell>{orNoValue(formatInterval(s.interval))}</TableCell>
                  <TableCell>{s.discount ? `${s.discount}%` : '—'}</TableCell>
                  <TableCell>{s.quantity}</TableCell>
                  <TableCell>
                    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                      <Chip size="small" label={s.status} color={STATUS_COLOR[s.status] ?? 'default'} />
                      {attention.length > 0 && <Chip size="small" color="error" label="Needs attention" title={attention.join('; ')} aria-label={`Needs attention: ${attention.join('; ')}`} />}
                    </Stack>
                  </TableCell>
                  <TableCell>{orNoValue(formatDate(s.nextOrderDate))}</TableCell>
                  <TableCell>
                    <CentraSubscriptionActions customer={customer} contract={contract} subscription={s} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
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
      {contracts.length ? finishedLast(contracts, (k) => k.subscriptions.every((s) => s.status === 'cancelled')).map((k) => <ContractCard key={k.id} customer={c} centraCustomer={customer} contract={k} />) : <Typography>No subscription contracts.</Typography>}
    </Stack>
  );
}
