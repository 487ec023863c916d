import { Alert, Box, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { TextInput } from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { CentraContract } from '../customers/types.ts';
import { ADDRESS_FIELDS, type AddressField } from '../../server/centra/address-fields.ts';
import { FormDialog } from './FormDialog.tsx';
import { useCentraSave } from './useCentraSave.ts';
import { useT } from '../i18n/index.ts';

type Address = Record<AddressField, string>;
const KEYS = Object.keys(ADDRESS_FIELDS) as AddressField[];
const AUTOCOMPLETE: Record<AddressField, string> = {
  firstName: 'given-name',
  lastName: 'family-name',
  address1: 'address-line1',
  address2: 'address-line2',
  zipCode: 'postal-code',
  city: 'address-level2',
  phoneNumber: 'tel',
  email: 'email',
};
const OPTIONAL = new Set<AddressField>(['address2', 'phoneNumber']);

const fieldsOf = (a: CentraContract['shippingAddress']): Address => Object.fromEntries(KEYS.map((k) => [k, a[k] ?? ''])) as Address;
/** The form's values as Centra takes them: every field, trimmed, empty ones as "" (react-admin reads "" as null). */
const tidy = (values: Record<string, unknown>): Address => Object.fromEntries(KEYS.map((k) => [k, String(values[k] ?? '').trim()])) as Address;

/** What changes, field by field, while the agent types. */
function BeforeAfter({ current }: { current: Address }) {
  const draft = tidy(useWatch());
  const changed = KEYS.filter((k) => draft[k] !== current[k].trim());
  const t = useT();
  return (
    <>
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
        {t('addressDialog.beforeAfter')}
      </Typography>
      {changed.length ? (
        <Table size="small" aria-label={t('addressDialog.beforeAfterTable')}>
          <TableHead>
            <TableRow>
              <TableCell>{t('addressDialog.field')}</TableCell>
              <TableCell>{t('addressDialog.before')}</TableCell>
              <TableCell>{t('addressDialog.after')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {changed.map((k) => (
              <TableRow key={k}>
                <TableCell>{t(`addressDialog.fields.${k}`)}</TableCell>
                <TableCell sx={{ textDecoration: 'line-through', color: 'text.secondary' }}>{current[k] || t('common.empty')}</TableCell>
                <TableCell sx={{ fontWeight: 600 }}>{draft[k] || t('common.empty')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : (
        <Typography variant="body2" color="text.secondary">
          {t('addressDialog.nothingChanged')}
        </Typography>
      )}
    </>
  );
}

/**
 * Edits a contract's shipping address: prefilled, the country shown but not editable (Centra's
 * rule, and the way out), a before/after preview of what changes, and a reminder that the address
 * is the contract's, so it applies to every subscription on it. The server checks postal code and
 * phone number for the contract's country; its errors show beside the fields.
 */
export function EditAddressDialog({ contract, open, onClose }: { contract: CentraContract; open: boolean; onClose: () => void }) {
  const current = fieldsOf(contract.shippingAddress);
  const save = useCentraSave(onClose);
  const live = contract.subscriptions.filter((s) => s.status !== 'cancelled').length;
  const country = contract.shippingAddress.country;
  const t = useT();
  return (
    <FormDialog
      open={open}
      onClose={onClose}
      title={t('addressDialog.title', { id: contract.id })}
      defaultValues={current}
      onSubmit={(values) => save((dp) => dp.changeContractAddress(contract.id, tidy(values)))}
      submitLabel={t('addressDialog.save')}
      ready
      maxWidth="md"
    >
      <Alert severity="info" role="note" sx={{ mb: 2 }}>
        {t('addressDialog.appliesToAll', { all: contract.subscriptions.length, live })}
      </Alert>
      <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, columnGap: 2, pt: 1 }}>
        {KEYS.map((k, i) => (
          <TextInput
            key={k}
            source={k}
            label={t(`addressDialog.fields.${k}`)}
            isRequired={!OPTIONAL.has(k)}
            autoFocus={i === 0}
            autoComplete={AUTOCOMPLETE[k]}
            // Not type="email": the browser rewrites what it holds (a capital in the address would show as changed).
            type={k === 'phoneNumber' ? 'tel' : 'text'}
            helperText={k === 'phoneNumber' ? t('addressDialog.phoneHelp', { country }) : false}
            slotProps={{ htmlInput: { maxLength: ADDRESS_FIELDS[k].max, ...(k === 'email' ? { inputMode: 'email' } : {}) } }}
          />
        ))}
        <TextField
          label={t('addressDialog.country')}
          value={country}
          size="small"
          slotProps={{ input: { readOnly: true }, htmlInput: { 'aria-describedby': `country-rule-${contract.id}` } }}
          helperText={t('addressDialog.countryFixed')}
        />
        <Alert severity="warning" role="note" id={`country-rule-${contract.id}`} sx={{ py: 0 }}>
          {t('addressDialog.countryRule')}
        </Alert>
      </Box>
      <BeforeAfter current={current} />
    </FormDialog>
  );
}
