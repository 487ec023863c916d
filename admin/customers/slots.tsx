import type { ReactNode } from 'react';
import type { CentraContract, CentraCustomer, CentraSubscription, CustomerRecord, GigsSubscription, GigsUser } from './types.ts';
import { CustomerActions, SubscriptionActions } from '../gigs/index.ts';
import { ContractActions as CentraContractButtons, SubscriptionActions as CentraSubscriptionButtons } from '../centra/index.ts';

/**
 * Extension points for the action engineers. The customer page renders these in place; fill them
 * with buttons (pessimistic mode: show the real outcome; call the data provider's `action`, then
 * refetch the customer with `useRefresh()` — the server refreshes the index row itself).
 * Keep each slot's props as they are; add new slots here rather than editing the tabs.
 */

/** Per Gigs subscription, under its details (e.g. change plan, cancel, buy add-on via Connect). */
export function GigsSubscriptionActions(props: { customer: CustomerRecord; user: GigsUser; subscription: GigsSubscription }): ReactNode {
  return <SubscriptionActions {...props} />;
}

/** For the person in Gigs as a whole (e.g. new subscription through a Connect checkout link). */
export function GigsCustomerActions(props: { customer: CustomerRecord; user: GigsUser | null }): ReactNode {
  return <CustomerActions {...props} />;
}

/** Per Centra contract (e.g. edit the shipping address). */
export function CentraContractActions(props: { customer: CustomerRecord; contract: CentraContract; centraCustomer: CentraCustomer | null }): ReactNode {
  return <CentraContractButtons contract={props.contract} />;
}

/** Per Centra subscription (e.g. interval, quantity, pause/resume/cancel). */
export function CentraSubscriptionActions(props: { customer: CustomerRecord; contract: CentraContract; subscription: CentraSubscription }): ReactNode {
  return <CentraSubscriptionButtons subscription={props.subscription} />;
}
