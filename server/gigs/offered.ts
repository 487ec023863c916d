import type { GigsAddon, GigsPlan, GigsSubscription } from '../upstream/gigs.ts';
import type { IntentType } from './intents.ts';

/**
 * Which Connect intents make sense for one subscription in its current state. The SPA shows
 * exactly these buttons, and POST /api/connect-sessions refuses anything else (409): one rule,
 * read by both.
 */
export type SubscriptionIntent = Exclude<
  IntentType,
  'checkoutNewSubscription' | 'updatePaymentMethod' | 'updateUserAddress' | 'updateUserFullName' | 'viewSubscriptions'
>;

/** Porting states after which nothing is left to complete (the sandbox uses completed/canceled). */
const PORTING_CLOSED = new Set(['completed', 'canceled', 'cancelled', 'expired', 'declined']);

export const isEnded = (s: GigsSubscription) => s.status === 'ended';
/** endedAt is set as soon as a cancellation is requested (future date) and stays once ended. */
export const hasEndDate = (s: GigsSubscription) => Boolean(s.endedAt);
export const isRecurring = (plan: GigsPlan | null | undefined) => plan?.validity?.type === 'recurring';
/** Gigs' eSIM installation page is for eSIMs only ("my eSIM did not install"). */
export const hasEsim = (s: GigsSubscription) => s.sim?.type === 'eSIM';
export const portingOf = (s: GigsSubscription) => s.lastPorting ?? s.porting ?? null;
export const hasOpenPorting = (s: GigsSubscription) => {
  const p = portingOf(s);
  return Boolean(p && !PORTING_CLOSED.has(String(p.status ?? '')));
};

/** Add-ons a subscription can buy: available, on its plan's network, and made for its plan. */
export function addonsAvailableFor(plan: GigsPlan | null | undefined, addons: GigsAddon[]): GigsAddon[] {
  if (!plan) return [];
  return addons.filter((a) => a.status === 'available' && a.provider === plan.provider && a.plans.includes(plan.id));
}

export function offeredIntents(s: GigsSubscription, availableAddons: GigsAddon[]): SubscriptionIntent[] {
  const out: SubscriptionIntent[] = ['viewSubscription'];
  if (isEnded(s)) return out;
  if (!hasEndDate(s)) out.push('changeSubscription');
  // Connect does not check this itself (docs/upstreams.md, "Connect Sessions"): only a running, recurring plan can be cancelled.
  if (!hasEndDate(s) && isRecurring(s.plan)) out.push('cancelSubscription');
  if (s.status === 'active' && s.canceledAt && hasEndDate(s)) out.push('resumeSubscription');
  if (addonsAvailableFor(s.plan, availableAddons).length) out.push('checkoutAddon');
  if (hasOpenPorting(s)) out.push('completePorting');
  if (hasEsim(s)) out.push('viewEsimInstallation');
  return out;
}

/** Why an intent is not offered, in the agent's words (the 409 message). */
export function whyNotOffered(intent: SubscriptionIntent, s: GigsSubscription): string {
  const ended = isEnded(s);
  switch (intent) {
    case 'changeSubscription':
      return ended
        ? 'This subscription has ended; its plan cannot be changed. Offer a new subscription instead.'
        : 'This subscription is already cancelled (it has an end date); resume it before changing its plan.';
    case 'cancelSubscription':
      if (ended) return 'This subscription has already ended; there is nothing to cancel.';
      if (hasEndDate(s)) return 'This subscription is already cancelled and ends on its end date.';
      return 'This plan is not recurring, so it cannot be cancelled; it ends by itself when its validity runs out.';
    case 'resumeSubscription':
      return 'Only a cancelled subscription that is still running can be resumed.';
    case 'checkoutAddon':
      return ended
        ? 'This subscription has ended; add-ons cannot be bought for it.'
        : "That add-on is not available for this subscription's plan and network. Choose one from the list.";
    case 'completePorting':
      return 'This subscription has no number porting waiting to be completed.';
    case 'viewEsimInstallation':
      return ended
        ? 'This subscription has ended; there is no eSIM to install.'
        : 'This subscription has a physical SIM card, not an eSIM: there is nothing to install.';
    default:
      return 'This action is not available for this subscription right now.';
  }
}
