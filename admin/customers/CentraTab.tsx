import { Alert, Box, Card, CardContent, CardHeader, Chip, Divider, Stack, Typography, useMediaQuery, type Theme } from '@mui/material';
import { DataTable, ListContextProvider, useList, useRecordContext } from 'react-admin';
import { isUnreachable, type CentraContract, type CentraSubscription, type CustomerRecord } from './types.ts';
import { finishedLast, STATUS_COLOR } from './format.ts';
import { NO_VALUE, orNoValue } from '../../server/vocabulary/index.ts';
import { useFormat, useStatusWord, useT, type Translate } from '../i18n/index.ts';
import { ContractActions, SubscriptionActions } from '../centra/index.ts';
import { UnreachableNotice } from './Unreachable.tsx';
import { formatPhone } from './phone.ts';

/** Why a subscription needs someone to look at it (Centra's own flag when it sends one). */
export function attentionReasons(contract: CentraContract, s: CentraSubscription, t: Translate, statusWord: (status: string) => string): string[] {
  if (s.status === 'cancelled') return [];
  // Centra's own reasons come in its words, as they are.
  const reasons = [...(s.attentionReasons ?? [])];
  if (s.needsAttention && !reasons.length) reasons.push(t('centraTab.attention.flagged'));
  const payment = contract.subscriptionPayment;
  if (!payment.length) reasons.push(t('centraTab.attention.noPayment'));
  else if (!payment.some((p) => p.status === 'active'))
    reasons.push(t('centraTab.attention.payment', { statuses: payment.map((p) => statusWord(p.status)).join(', ') }));
  if (s.status === 'active' && !s.nextOrderDate) reasons.push(t('centraTab.attention.noNextOrder'));
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
  const format = useFormat();
  return (
    <>
      {s.lines.map((l) => (
        <div key={l.item}>
          {l.productName || l.item}
          {l.size ? ` (${l.size})` : ''} × {l.quantity ?? 1} · {orNoValue(format.majorMoney(l.unitPrice))}
        </div>
      ))}
    </>
  );
}

function StatusCell({ contract, s }: { contract: CentraContract; s: CentraSubscription }) {
  const t = useT();
  const statusWord = useStatusWord();
  const attention = attentionReasons(contract, s, t, statusWord);
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      <Chip size="small" label={statusWord(s.status)} color={STATUS_COLOR[s.status] ?? 'default'} />
      {attention.length > 0 && (
        <Chip
          size="small"
          color="error"
          label={t('centraTab.attention.label')}
          title={attention.join('; ')}
          aria-label={t('centraTab.attention.says', { reasons: attention.join('; ') })}
        />
      )}
    </Stack>
  );
}

/** On a phone: one block per subscription, the same facts and actions, no table to scroll. */
function SubscriptionBlocks({ contract, subscriptions }: { contract: CentraContract; subscriptions: CentraSubscription[] }) {
  const t = useT();
  const format = useFormat();
  return (
    <Stack
      divider={<Divider />}
      spacing={1}
      component="ul"
      aria-label={t('centraTab.subscriptionsOf', { id: contract.id })}
      sx={{ m: 0, p: 0, listStyle: 'none' }}
    >
      {subscriptions.map((s) => (
        <Box component="li" key={s.id} sx={{ py: 1 }}>
          <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
            <Typography variant="subtitle2">{t('centraTab.subscriptionHeading', { id: s.id })}</Typography>
            <StatusCell contract={contract} s={s} />
          </Stack>
          <Typography variant="body2" component="div">
            <Products s={s} />
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {[
              s.plan?.name ?? s.plan?.id,
              format.interval(s.interval),
              s.discount ? t('centraTab.percentOff', { percent: s.discount }) : null,
              t('centraTab.quantityLine', { quantity: s.quantity }),
              s.nextOrderDate ? t('centraTab.nextOrderLine', { day: format.date(s.nextOrderDate) }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
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
  const t = useT();
  const format = useFormat();
  const subscriptions = finishedLast(contract.subscriptions, (s) => s.status === 'cancelled');
  const list = useList({ data: subscriptions, perPage: 1000 });
  if (phone) return <SubscriptionBlocks contract={contract} subscriptions={subscriptions} />;
  return (
    <ListContextProvider value={list}>
      <DataTable<CentraSubscription>
        resource="centra-subscriptions"
        bulkActionButtons={false}
        rowClick={false}
        aria-label={t('centraTab.subscriptionsOf', { id: contract.id })}
        hiddenColumns={[]}
      >
        <DataTable.Col source="id" label="centraTab.columns.subscription" disableSort />
        <DataTable.Col label="centraTab.columns.products" disableSort render={(s: CentraSubscription) => <Products s={s} />} />
        <DataTable.Col label="centraTab.columns.plan" disableSort render={(s: CentraSubscription) => s.plan?.name ?? s.plan?.id ?? NO_VALUE} />
        <DataTable.Col label="centraTab.columns.interval" disableSort render={(s: CentraSubscription) => orNoValue(format.interval(s.interval))} />
        <DataTable.Col
          label="centraTab.columns.discount"
          disableSort
          render={(s: CentraSubscription) => (s.discount ? format.percent(s.discount) : NO_VALUE)}
        />
        <DataTable.Col source="quantity" label="centraTab.columns.quantity" disableSort />
        <DataTable.Col label="centraTab.columns.status" disableSort render={(s: CentraSubscription) => <StatusCell contract={contract} s={s} />} />
        <DataTable.Col label="centraTab.columns.nextOrder" disableSort render={(s: CentraSubscription) => orNoValue(format.date(s.nextOrderDate))} />
        <DataTable.Col label="centraTab.columns.actions" disableSort render={(s: CentraSubscription) => <SubscriptionActions subscription={s} />} />
      </DataTable>
    </ListContextProvider>
  );
}

function ContractCard({ contract }: { contract: CentraContract }) {
  const t = useT();
  const format = useFormat();
  const statusWord = useStatusWord();
  return (
    <Card variant="outlined" component="article" aria-label={t('centraTab.contractLabel', { id: contract.id })}>
      <CardHeader
        title={t('centraTab.contract', { id: contract.id })}
        subheader={contract.createdAt ? t('centraTab.since', { day: format.date(contract.createdAt) }) : undefined}
        slotProps={{ title: { variant: 'subtitle1', component: 'h3' } }}
      />
      <CardContent>
        <Box sx={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: 2 }}>
          <Box>
            <Typography variant="caption" color="text.secondary">
              {t('centraTab.shippingAddress')}
            </Typography>
            <Address a={contract.shippingAddress} />
          </Box>
          <Box>
            <Typography variant="caption" color="text.secondary" component="div">
              {t('centraTab.payment')}
            </Typography>
            {contract.subscriptionPayment.length ? (
              contract.subscriptionPayment.map((p) => (
                <Typography key={p.id} variant="body2">
                  {p.paymentMethod} <Chip component="span" size="small" label={statusWord(p.status)} color={STATUS_COLOR[p.status] ?? 'default'} />
                </Typography>
              ))
            ) : (
              <Typography variant="body2">{t('centraTab.noPayment')}</Typography>
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
  const t = useT();
  if (!c) return null;
  // Until the live answer arrives the record is the list's row, without upstream data.
  if (!c.centra) return <Typography sx={{ p: 2 }}>{t('centraTab.reading')}</Typography>;
  if (isUnreachable(c.centra)) return <UnreachableNotice system="Centra" message={c.centra.error} />;
  const { customer, contracts } = c.centra;
  if (!customer && !contracts.length) {
    return (
      <Stack spacing={2} sx={{ p: 2 }}>
        <Alert severity="info">{t('centraTab.notCustomer', { email: c.email ?? '' })}</Alert>
      </Stack>
    );
  }
  return (
    <Stack spacing={2} sx={{ p: 2 }}>
      {customer && (
        <Typography variant="body2">{t('centraTab.customerLine', { id: customer.customerId, email: customer.email, country: customer.country })}</Typography>
      )}
      {contracts.length ? (
        finishedLast(contracts, (k) => k.subscriptions.every((s) => s.status === 'cancelled')).map((k) => <ContractCard key={k.id} contract={k} />)
      ) : (
        <Typography>{t('centraTab.noContracts')}</Typography>
      )}
    </Stack>
  );
}
