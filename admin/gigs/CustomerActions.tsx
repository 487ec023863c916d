import { useState } from 'react';
import { Alert, Button, Stack, Typography } from '@mui/material';
import type { CustomerRecord, GigsUser } from '../customers/types.ts';
import { ConnectDialog } from './ConnectDialog.tsx';
import { Chooser } from './Chooser.tsx';
import { INTENT_LABEL } from './intents.ts';

/**
 * For the person as a whole: a new subscription (plan chooser) and, for Gigs users, a new payment
 * method. Someone Gigs does not know yet gets the checkout too: Connect signs them up with the
 * details subdesk sends (e-mail, name, language).
 */
export function CustomerActions({ customer, user }: { customer: CustomerRecord; user: GigsUser | null }) {
  const [open, setOpen] = useState<'checkoutNewSubscription' | 'updatePaymentMethod' | null>(null);
  const [plan, setPlan] = useState<string | null>(null);
  return (
    <>
      <Stack direction="row" spacing={1}>
        <Button variant="contained" size="small" onClick={() => { setPlan(null); setOpen('checkoutNewSubscription'); }}>
          {INTENT_LABEL.checkoutNewSubscription}
        </Button>
        {user && (
          <Button variant="outlined" size="small" onClick={() => setOpen('updatePaymentMethod')}>
            {INTENT_LABEL.updatePaymentMethod}
          </Button>
        )}
      </Stack>
      {open === 'checkoutNewSubscription' && (
        <ConnectDialog open onClose={() => setOpen(null)} title="New subscription" customerId={customer.id} intent={plan ? { type: 'checkoutNewSubscription', plan } : null}>
          {!user && (
            <Alert severity="info">
              Gigs does not know this person yet. Connect will sign them up with what subdesk knows: {customer.email}
              {customer.name ? `, ${customer.name}` : ''}.
            </Alert>
          )}
          <Chooser resource="gigs-plans" filter={{ status: 'available' }} label="Plan" value={plan} onChange={setPlan} empty="Gigs has no plan on sale right now." />
        </ConnectDialog>
      )}
      {open === 'updatePaymentMethod' && (
        <ConnectDialog open onClose={() => setOpen(null)} title="Update payment method" customerId={customer.id} intent={{ type: 'updatePaymentMethod' }}>
          <Typography variant="body2">For {customer.email}.</Typography>
        </ConnectDialog>
      )}
    </>
  );
}
