import { useState } from 'react';
import { Button, Stack, Typography } from '@mui/material';
import { useGetList } from 'react-admin';
import type { CustomerRecord, GigsSubscription, GigsUser } from '../customers/types.ts';
import { ConnectDialog } from './ConnectDialog.tsx';
import { formatPhone } from '../customers/phone.ts';
import { useSubscriptionState } from './status.ts';
import { Chooser } from './Chooser.tsx';
import { useIntentWords, type AgentIntent, type IntentType } from './intents.ts';
import { useT } from '../i18n/index.ts';

type SubscriptionIntent = Exclude<
  IntentType,
  'checkoutNewSubscription' | 'updatePaymentMethod' | 'updateUserAddress' | 'updateUserFullName' | 'viewSubscriptions'
>;
/** The order the buttons appear in. */
const ORDER: SubscriptionIntent[] = [
  'changeSubscription',
  'checkoutAddon',
  'cancelSubscription',
  'resumeSubscription',
  'completePorting',
  'viewEsimInstallation',
  'viewSubscription',
];
const QUIET = new Set<SubscriptionIntent>(['viewSubscription', 'viewEsimInstallation']);

/**
 * The actions the server offers for this subscription's state (GET /api/gigs-subscriptions
 * answers them; the same rules refuse anything else). One list request serves every card.
 */
function useOffered(customerId: string, subscriptionId: string): SubscriptionIntent[] | undefined {
  const { data } = useGetList<{ id: string; offeredActions: SubscriptionIntent[] }>('gigs-subscriptions', {
    filter: { customerId },
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'createdAt', order: 'DESC' },
  });
  return data?.find((s) => s.id === subscriptionId)?.offeredActions;
}

export function SubscriptionActions({ customer, subscription }: { customer: CustomerRecord; user: GigsUser; subscription: GigsSubscription }) {
  const offered = useOffered(customer.id, subscription.id);
  const [open, setOpen] = useState<SubscriptionIntent | null>(null);
  const [addon, setAddon] = useState<string | null>(null);
  const t = useT();
  const intents = useIntentWords();
  const stateOf = useSubscriptionState();
  if (!offered)
    return (
      <Typography variant="body2" color="text.secondary">
        {t('gigsActions.loadingActions')}
      </Typography>
    );

  const intentFor = (type: SubscriptionIntent): AgentIntent | null => {
    if (type === 'checkoutAddon') return addon ? { type, subscription: subscription.id, addons: [addon] } : null;
    return { type, subscription: subscription.id };
  };
  const planName = subscription.plan?.name ?? t('gigsActions.itsPlan');

  return (
    <>
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap' }} role="group" aria-label={t('gigsActions.groupLabel', { id: subscription.id })}>
        {ORDER.filter((type) => offered.includes(type)).map((type) => (
          <Button
            key={type}
            size="small"
            variant={QUIET.has(type) ? 'text' : 'outlined'}
            color={type === 'cancelSubscription' ? 'error' : 'primary'}
            onClick={() => {
              setAddon(null);
              setOpen(type);
            }}
          >
            {intents.send(type)}
          </Button>
        ))}
      </Stack>
      {open && (
        <ConnectDialog
          open
          onClose={() => setOpen(null)}
          title={t('gigsActions.dialogTitle', { action: intents.send(open), plan: planName })}
          customerId={customer.id}
          intent={intentFor(open)}
        >
          <Typography variant="body2">
            {[t('gigsActions.subscription', { id: subscription.id }), formatPhone(subscription.phoneNumber), stateOf(subscription).label]
              .filter(Boolean)
              .join(' · ')}
          </Typography>
          {open === 'checkoutAddon' && (
            <Chooser
              resource="gigs-addons"
              filter={{ subscriptionId: subscription.id }}
              label={t('gigsActions.addon')}
              value={addon}
              onChange={setAddon}
              empty={t('gigsActions.noAddons')}
            />
          )}
        </ConnectDialog>
      )}
    </>
  );
}
