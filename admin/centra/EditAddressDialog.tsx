import { useEffect, useId, useState, type FormEvent } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Table, TableBody, TableCell, TableHead, TableRow, TextField, Typography } from '@mui/material';
import type { CentraContract } from '../customers/types.ts';
import { centraApi, type AddressFields } from './api.ts';
import { useChange } from './useChange.ts';

const FIELDS: { key: keyof AddressFields; label: string; required: boolean; autoComplete: string }[] = [
  { key: 'firstName', label: 'First name', required: true, autoComplete: 'given-name' },
  { key: 'lastName', label: 'Last name', required: true, autoComplete: 'family-name' },
  { key: 'address1', label: 'Address line 1', required: true, autoComplete: 'address-line1' },
  { key: 'address2', label: 'Address line 2', required: false, autoComplete: 'address-line2' },
  { key: 'zipCode', label: 'Postal code', required: true, autoComplete: 'postal-code' },
  { key: 'city', label: 'City', required: true, autoComplete: 'address-level2' },
  { key: 'phoneNumber', label: 'Phone number', required: false, autoComplete: 'tel' },
  { key: 'email', label: 'E-mail', required: true, autoComplete: 'email' },
];

const fieldsOf = (a: CentraContract['shippingAddress']): AddressFields => ({
  firstName: a.firstName, lastName: a.lastName, address1: a.address1, address2: a.address2, zipCode: a.zipCode, city: a.city, phoneNumber: a.phoneNumber, email: a.email,
});

/**
 * Edits a contract's shipping address: prefilled, the country shown but not editable (Centra's
 * rule, and the way out), a before/after preview of what changes, and a reminder that the address
 * is the contract's, so it applies to every subscription on it. Enter saves, Escape closes.
 */
export function EditAddressDialog({ contract, open, onClose }: { contract: CentraContract; open: boolean; onClose: () => void }) {
  const titleId = useId();
  const current = fieldsOf(contract.shippingAddress);
  const [draft, setDraft] = useState<AddressFields>(current);
  const { saving, error, setError, submit } = useChange(onClose);
  useEffect(() => {
    if (open) {
      setDraft(fieldsOf(contract.shippingAddress));
      setError(null);
    }
  }, [open, contract.shippingAddress, setError]);

  const changed = FIELDS.filter((f) => draft[f.key].trim() !== current[f.key].trim());
  const live = contract.subscriptions.filter((s) => s.status !== 'cancelled').length;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!changed.length) return;
    void submit(() => centraApi.changeAddress(contract.id, Object.fromEntries(FIELDS.map((f) => [f.key, draft[f.key].trim()])) as AddressFields));
  };

  return (
    <Dialog open={open} onClose={saving ? undefined : onClose} aria-labelledby={titleId} maxWidth="md" fullWidth>
      <form onSubmit={onSubmit} noValidate>
        <DialogTitle id={titleId}>Edit shipping address of contract {contract.id}</DialogTitle>
        <DialogContent>
          <Alert severity="info" sx={{ mb: 2 }}>
            The address belongs to the contract: it applies to every subscription on it ({contract.subscriptions.length} in all, {live} live).
          </Alert>
          {error && (
            <Alert severity="error" role="alert" sx={{ mb: 2 }}>
              {error.message}
            </Alert>
          )}
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, gap: 2, pt: 1 }}>
            {FIELDS.map((f, i) => (
              <TextField
                key={f.key}
                label={f.label}
                value={draft[f.key]}
                required={f.required}
                autoFocus={i === 0}
                autoComplete={f.autoComplete}
                type={f.key === 'email' ? 'email' : f.key === 'phoneNumber' ? 'tel' : 'text'}
                onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })}
                error={Boolean(error?.errors[f.key])}
                helperText={error?.errors[f.key]}
                size="small"
              />
            ))}
            <TextField
              label="Country"
              value={contract.shippingAddress.country}
              size="small"
              slotProps={{ input: { readOnly: true }, htmlInput: { 'aria-describedby': `${titleId}-country-rule` } }}
              helperText="Cannot be changed"
            />
            <Alert severity="warning" id={`${titleId}-country-rule`} sx={{ py: 0 }}>
              The country cannot be changed: Centra keeps a contract in the country it was checked out in. To ship to another country, cancel the subscriptions and have the customer
              check out again with the new address.
            </Alert>
          </Box>
          <Typography variant="subtitle2" component="h3" sx={{ mt: 2 }}>
            Before and after
          </Typography>
          {changed.length ? (
            <Table size="small" aria-label="Address before and after">
              <TableHead>
                <TableRow>
                  <TableCell>Field</TableCell>
                  <TableCell>Before</TableCell>
                  <TableCell>After</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {changed.map((f) => (
                  <TableRow key={f.key}>
                    <TableCell>{f.label}</TableCell>
                    <TableCell sx={{ textDecoration: 'line-through', color: 'text.secondary' }}>{current[f.key] || '(empty)'}</TableCell>
                    <TableCell sx={{ fontWeight: 600 }}>{draft[f.key].trim() || '(empty)'}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : (
            <Typography variant="body2" color="text.secondary">
              Nothing changed yet.
            </Typography>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Close
          </Button>
          <Button type="submit" variant="contained" disabled={saving || !changed.length}>
            {saving ? 'Saving…' : 'Save address'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
