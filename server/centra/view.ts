import type { CentraContract, CentraProduct } from '../upstream/centra.ts';
import { previewSubscription, type SubscriptionPreview } from './rules.ts';
import type { LocatedSubscription } from './owner.ts';

/**
 * What the API answers for a contract and a subscription: Centra's objects as read live, plus
 * subdesk's customer id and the rule previews (see rules.ts). Ids are Centra's own.
 */
export type ContractView = Omit<CentraContract, 'subscriptions'> & {
  customerId: string;
  /** Active or paused subscriptions: when the last goes, Centra purges the payment details. */
  liveSubscriptions: number;
  subscriptions: SubscriptionPreview[];
};

const LIVE = new Set(['active', 'paused']);

export function contractView(contract: CentraContract, customerId: string, products: CentraProduct[], now: Date): ContractView {
  return {
    ...contract,
    customerId,
    liveSubscriptions: contract.subscriptions.filter((s) => LIVE.has(s.status)).length,
    subscriptions: contract.subscriptions.map((s) => previewSubscription(contract, s, products, now)),
  };
}

export type SubscriptionView = SubscriptionPreview & {
  customerId: string;
  contract: Pick<ContractView, 'id' | 'shippingAddress' | 'subscriptionPayment' | 'liveSubscriptions'>;
};

export function subscriptionView(l: LocatedSubscription, products: CentraProduct[], now: Date): SubscriptionView {
  const { contract } = l;
  return {
    ...previewSubscription(contract, l.subscription, products, now),
    customerId: l.customerId,
    contract: {
      id: contract.id,
      shippingAddress: contract.shippingAddress,
      subscriptionPayment: contract.subscriptionPayment,
      liveSubscriptions: contract.subscriptions.filter((s) => LIVE.has(s.status)).length,
    },
  };
}
