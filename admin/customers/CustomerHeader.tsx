import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { CustomerRecord } from './types.ts';
import { formatPhone } from './phone.ts';
import { IdsRow, type IdItem } from './IdsRow.tsx';
import { useT, type MessageKey, type Translate } from '../i18n/index.ts';

function Line({ label, values }: { label: string; values: (string | null | undefined)[] | undefined }) {
  // The list's row stands in while the page loads (react-admin placeholder): fields may be missing.
  const shown = (values ?? []).filter(Boolean) as string[];
  return (
    <Box component="div" sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'baseline' }}>
      <Typography variant="caption" color="text.secondary" sx={{ minWidth: 120 }} component="dt">
        {label}
      </Typography>
      <Typography variant="body2" component="dd" sx={{ m: 0, wordBreak: 'break-all' }}>
        {shown.length ? shown.join(', ') : '—'}
      </Typography>
    </Box>
  );
}

/** Every id of the customer, labelled by what it is (placeholders from the list row may lack some). */
function idsOf(c: CustomerRecord, t: Translate): IdItem[] {
  const many = (label: MessageKey, values: (string | null | undefined)[] | undefined) =>
    (values ?? []).filter((v): v is string => Boolean(v)).map((value) => ({ label: t(label), value }));
  return [
    ...many('customer.ids.gigsUser', [c.gigsUserId]),
    ...many('customer.ids.gigsSubscription', c.gigsSubscriptionIds),
    ...many('customer.ids.iccid', c.iccids),
    ...many('customer.ids.centraCustomer', [c.centraCustomerId]),
    ...many('customer.ids.centraContract', c.centraContractIds),
    ...many('customer.ids.subdesk', [c.id]),
  ];
}

/** Who this is, and how each system knows them: from the index, refreshed by this very view. */
export function CustomerHeader() {
  const c = useRecordContext<CustomerRecord>();
  const t = useT();
  if (!c) return null;
  return (
    <Box component="section" aria-label={t('customer.section')} sx={{ p: 2 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="h5" component="h1">
          {c.name ?? c.email}
        </Typography>
        {(c.systems ?? []).map((s) => (
          <Chip key={s} size="small" label={s === 'gigs' ? 'Gigs' : 'Centra'} color={s === 'gigs' ? 'primary' : 'secondary'} variant="outlined" />
        ))}
      </Stack>
      {c.systems?.length === 0 && (
        <Alert severity="info" sx={{ mb: 1 }}>
          {t('customer.unknownNow', { email: c.email ?? '' })}
        </Alert>
      )}
      <Box component="dl" sx={{ m: 0, display: 'grid', gap: 0.5 }}>
        <Line label={t('customer.emails')} values={c.emails} />
        <Line label={t('customer.phones')} values={c.phones?.map(formatPhone)} />
        <Line label={t('customer.countries')} values={c.countries} />
      </Box>
      <IdsRow items={idsOf(c, t)} />
    </Box>
  );
}
