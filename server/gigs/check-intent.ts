import type { Deps } from '../deps.ts';
import { conflict } from '../http/errors.ts';
import { UpstreamError } from '../upstream/errors.ts';
import type { GigsAddon, GigsPlan, GigsSubscription } from '../upstream/gigs.ts';
import type { CustomerGigs } from './customer-gigs.ts';
import type { AgentIntent } from './intents.ts';
import { addonsAvailableFor, isEnded, offeredIntents, whyNotOffered, type SubscriptionIntent } from './offered.ts';

/** What an accepted intent acts on: the audit target and the ids the connect_sessions row keeps. */
export type CheckedIntent = {
  target: { type: 'gigs-subscription' | 'customer'; id: string };
  subscription: GigsSubscription | null;
  plan: GigsPlan | null;
  addon: GigsAddon | null;
};

/** What is missing without a Gigs account, per account intent (the 409 message). */
const NO_ACCOUNT = {
  updatePaymentMethod: 'no payment method to update',
  updateUserAddress: 'no address to update',
  updateUserFullName: 'no name to update',
  viewSubscriptions: 'nothing to show',
} as const;

/**
 * Checks an intent against the customer's live Gigs state before anything is logged or sent,
 * by the same rules that decide which buttons the SPA shows (offered.ts). A refusal is a 409
 * whose message tells the agent what to do instead.
 */
export async function checkIntent(deps: Deps, customer: CustomerGigs, intent: AgentIntent): Promise<CheckedIntent> {
  const forCustomer = { type: 'customer' as const, id: customer.customerId };
  switch (intent.type) {
    case 'checkoutNewSubscription': {
      const plan = await planOrNull(deps, intent.plan);
      if (!plan) throw conflict('Gigs has no such plan. Reload the plan list and choose again.', { 'intent.plan': 'is not a Gigs plan' });
      if (plan.status !== 'available') {
        throw conflict(`The plan "${plan.name}" is ${plan.status} and can no longer be bought. Choose an available plan.`, {
          'intent.plan': `is ${plan.status}`,
        });
      }
      return { target: forCustomer, subscription: null, plan, addon: null };
    }
    case 'updatePaymentMethod':
    case 'updateUserAddress':
    case 'updateUserFullName':
    case 'viewSubscriptions':
      if (!customer.user) throw conflict(`This person has no Gigs account yet, so there is ${NO_ACCOUNT[intent.type]}. Offer a new subscription instead.`);
      return { target: forCustomer, subscription: null, plan: null, addon: null };
    default: {
      const sub = customer.subscriptions.find((s) => s.id === intent.subscription);
      if (!customer.user || !sub) {
        throw conflict('That subscription does not belong to this customer. Reload the customer page and choose one of theirs.', {
          'intent.subscription': "is not one of this customer's subscriptions",
        });
      }
      const target = { type: 'gigs-subscription' as const, id: sub.id };
      if (intent.type === 'checkoutAddon') {
        if (isEnded(sub)) throw conflict(whyNotOffered('checkoutAddon', sub));
        const addon = (await availableAddons(deps, sub)).find((a) => a.id === intent.addons[0]) ?? null;
        if (!addon) throw conflict(whyNotOffered('checkoutAddon', sub), { 'intent.addons': 'is not available for this subscription' });
        return { target, subscription: sub, plan: sub.plan ?? null, addon };
      }
      const type = intent.type as SubscriptionIntent;
      if (!offeredIntents(sub, []).includes(type)) throw conflict(whyNotOffered(type, sub));
      return { target, subscription: sub, plan: sub.plan ?? null, addon: null };
    }
  }
}

/** The add-ons one subscription can buy now (its plan's, on its network, available). */
export async function availableAddons(deps: Pick<Deps, 'gigs'>, sub: GigsSubscription): Promise<GigsAddon[]> {
  if (!sub.plan) return [];
  const all = await deps.gigs.listAddons({ status: 'available', provider: sub.plan.provider ?? undefined });
  return addonsAvailableFor(sub.plan, all);
}

async function planOrNull(deps: Pick<Deps, 'gigs'>, id: string): Promise<GigsPlan | null> {
  try {
    return await deps.gigs.getPlan(id);
  } catch (err) {
    if (err instanceof UpstreamError && err.details.status === 404) return null;
    throw err;
  }
}
