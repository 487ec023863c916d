import { useState } from 'react';
import { Alert, Button, Stack, Typography } from '@mui/material';
import type { CustomerRecord, GigsUser } from '../customers/types.ts';
import { ConnectDialog } from './ConnectDialog.tsx';
import { Chooser } from './Chooser.tsx';
import { useIntentWords, type IntentType } from './intents.ts';
import { useT } from '../i18n/index.ts';

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
  const t = useT();
  const intents = useIntentWords();
  const close = () => setOpen(null);
  return (
    <>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }}>
        <Button
          variant="contained"
          size="small"
          onClick={() => {
            setPlan(null);
            setOpen('checkoutNewSubscription');
          }}
        >
          {intents.send('checkoutNewSubscription')}
        </Button>
        {user &&
          ACCOUNT.map((type) => (
            <Button key={type} variant="outlined" size="small" onClick={() => setOpen(type)}>
              {intents.send(type)}
            </Button>
          ))}
      </Stack>
      {open === 'checkoutNewSubscription' && (
        <ConnectDialog
          open
          onClose={close}
          title={t('gigsActions.newSubscription')}
          customerId={customer.id}
          intent={plan ? { type: 'checkoutNewSubscription', plan } : null}
        >
          {!user && (
            <Alert severity="info" role="note">
              {t('gigsActions.unknownToGigs', { who: [customer.email, customer.name].filter(Boolean).join(', ') })}
            </Alert>
          )}
          <Chooser
            resource="gigs-plans"
            filter={{ status: 'available', ...(countries.length ? { country: countries } : {}) }}
            label={t('gigsActions.plan')}
            value={plan}
            onChange={setPlan}
            empty={countries.length ? t('gigsActions.noPlanCovering', { countries: countries.join(', ') }) : t('gigsActions.noPlanOnSale')}
            note={countries.length ? t('gigsActions.plansCovering', { countries: countries.join(', ') }) : t('gigsActions.everyPlan')}
          />
        </ConnectDialog>
      )}
      {open && open !== 'checkoutNewSubscription' && (
        <ConnectDialog open onClose={close} title={intents.send(open)} customerId={customer.id} intent={{ type: open }}>
          <Typography variant="body2">{t('gigsActions.forEmail', { email: customer.email ?? '' })}</Typography>
        </ConnectDialog>
      )}
    </>
  );
}
