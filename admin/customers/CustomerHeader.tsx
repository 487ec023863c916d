import { Alert, Box, Chip, Stack, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { CustomerRecord } from './types.ts';
import { formatPhone } from './phone.ts';
import { IdsRow, type IdItem } from './IdsRow.tsx';

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
function idsOf(c: CustomerRecord): IdItem[] {
  const many = (label: string, values: (string | null | undefined)[] | undefined) => (values ?? []).filter((v): v is string => Boolean(v)).map((value) => ({ label, value }));
  return [
    ...many('Gigs user', [c.gigsUserId]),
    ...many('Gigs subscription', c.gigsSubscriptionIds),
    ...many('ICCID', c.iccids),
    ...many('Centra customer', [c.centraCustomerId]),
    ...many('Centra contract', c.centraContractIds),
    ...many('subdesk', [c.id]),
  ];
}

/** Who this is, and how each system knows them: from the index, refreshed by this very view. */
export function CustomerHeader() {
  const c = useRecordContext<CustomerRecord>();
  if (!c) return null;
  return (
    <Box component="section" aria-label="Customer" sx={{ p: 2 }}>
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
          Neither Gigs nor Centra knows {c.email} now: the person was removed there, or goes by another e-mail. What subdesk did for them
          stays in the History tab.
        </Alert>
      )}
      <Box component="dl" sx={{ m: 0, display: 'grid', gap: 0.5 }}>
        <Line label="E-mails" values={c.emails} />
        <Line label="Phones" values={c.phones?.map(formatPhone)} />
        <Line label="Countries" values={c.countries} />
      </Box>
      <IdsRow items={idsOf(c)} />
    </Box>
  );
}
