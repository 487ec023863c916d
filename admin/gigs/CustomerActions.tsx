import { useState } from 'react';
import { Alert, Button, Stack, Typography } from '@mui/material';
import type { CustomerRecord, GigsUser } from '../customers/types.ts';
import { ConnectDialog } from './ConnectDialog.tsx';
import { Chooser } from './Chooser.tsx';
import { SEND_LABEL, type IntentType } from './intents.ts';

/** The links for the Gigs account as a whole, in the order the buttons appear (a Gigs user is needed). */
const ACCOUNT = ['updatePaymentMethod', 'updateUserAddress', 'updateUserFullName', 'viewSubscriptions'] as const satisfies readonly IntentType[];
type Open = 'checkoutNewSubscription' | (typeof ACCOUNT)[number] | null;

/**
 * For the person as a whole: a new subscription (plans covering the customer's countries) and,
 * for Gigs users, payment method, address, name and an overview of their subscriptions. Someone
 * Gigs does not know yet gets the checkout too: Connect signs them up with the details subdesk
 * sends (e-mail, name, language).
 */
export function CustomerActions({ customer, user }: { customer: CustomerRecord; user: GigsUser | null }) {
  const [open, setOpen] = useState<Open>(null);
  const [plan, setPlan] = useState<string | null>(null);
  const countries = customer.countries ?? [];
  const close = () => setOpen(null);
  return (
    <>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button variant="contained" size="small" onClick={() => { setPlan(null); setOpen('checkoutNewSubscription'); }}>
          {SEND_LABEL.checkoutNewSubscription}
        </Button>
        {user && ACCOUNT.map((type) => (
          <Button key={type} variant="outlined" size="small" onClick={() => setOpen(type)}>
            {SEND_LABEL[type]}
          </Button>
        ))}
      </Stack>
      {open === 'checkoutNewSubscription' && (
        <ConnectDialog open onClose={close} title="New subscription" customerId={customer.id} intent={plan ? { type: 'checkoutNewSubscription', plan } : null}>
          {!user && (
            <Alert severity="info" role="note">
              Gigs does not know this person yet. Connect will sign them up with what subdesk knows: {customer.email}
              {customer.name ? `, ${customer.name}` : ''}.
            </Alert>
          )}
          <Chooser
            resource="gigs-plans"
            filter={{ status: 'available', ...(countries.length ? { country: countries } : {}) }}
            label="Plan"
            value={plan}
            onChange={setPlan}
            empty={countries.length ? `Gigs has no plan on sale that covers ${countries.join(', ')}.` : 'Gigs has no plan on sale right now.'}
            note={countries.length ? `Plans that cover ${countries.join(', ')}, where this customer is; by price within each currency.` : 'subdesk does not know where this customer is: every plan on sale is listed.'}
          />
        </ConnectDialog>
      )}
      {open && open !== 'checkoutNewSubscription' && (
        <ConnectDialog open onClose={close} title={SEND_LABEL[open]} customerId={customer.id} intent={{ type: open }}>
          <Typography variant="body2">For {customer.email}.</Typography>
        </ConnectDialog>
      )}
    </>
  );
}
