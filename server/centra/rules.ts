import type { CentraContract, CentraPlan, CentraProduct, CentraSubscription } from '../upstream/centra.ts';
import { plusInterval, today, type Interval } from './dates.ts';

/**
 * Centra's subscription rules as previews, computed from what Centra says now (the contract and
 * the product catalogue), so the agent sees them before acting and the routes can refuse locally
 * without sending anything. Centra stays the authority: it checks again and may still refuse.
 * Pure functions; no I/O.
 */

export type TargetStatus = 'active' | 'paused' | 'cancelled';

/** Pause for active, resume (→ active) for paused, cancel for both, nothing for cancelled. */
export function allowedTransitions(status: string): TargetStatus[] {
  if (status === 'active') return ['paused', 'cancelled'];
  if (status === 'paused') return ['active', 'cancelled'];
  return [];
}

/** Why a status change is not offered, for a 409 the agent can act on; null when it is. */
export function transitionRefusal(current: string, wanted: TargetStatus): string | null {
  if (current === 'cancelled') {
    return 'This subscription is cancelled, and cancelling is final in Centra: it cannot be resumed or paused. If the customer wants it again, they check out again (a new contract); nothing was sent.';
  }
  if (current === wanted) return `This subscription is already ${current}; nothing was sent.`;
  if (!allowedTransitions(current).includes(wanted)) return `Centra has no change from ${current} to ${wanted}; nothing was sent.`;
  return null;
}

/** The items of a subscription (one product or bundle per subscription; bundles may have several lines). */
const itemsOf = (s: CentraSubscription) => s.lines.map((l) => l.item);

/** Every plan that offers all of this subscription's items right now, once each, in id order. */
export function plansOfferingNow(s: CentraSubscription, products: CentraProduct[]): CentraPlan[] {
  const items = itemsOf(s);
  if (!items.length) return [];
  const perItem = items.map((item) => {
    const here = new Map<string, CentraPlan>();
    for (const p of products) if (p.items.some((i) => i.item === item)) for (const plan of p.subscriptionPlans) here.set(plan.id, plan);
    return here;
  });
  const common = [...perItem[0]!.values()].filter((plan) => perItem.every((m) => m.has(plan.id)));
  return common.sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
}

const planInterval = (p: CentraPlan): Interval => ({ type: p.intervalType, value: p.intervalValue });

/**
 * When the next order goes out now, and the one after it, on the current terms. Paused and
 * cancelled subscriptions have no next order; a resume would schedule today plus one interval.
 */
function schedule(s: CentraSubscription, interval: Interval | null, now: Date) {
  if (s.status === 'active') return { nextOrderDate: s.nextOrderDate, followingOrderDate: plusInterval(s.nextOrderDate, interval) };
  if (s.status === 'paused') {
    const first = plusInterval(today(now), interval);
    return { nextOrderDate: null, followingOrderDate: null, onResume: first };
  }
  return { nextOrderDate: null, followingOrderDate: null };
}

export type IntervalOption = {
  planId: string;
  name: string;
  interval: Interval;
  discountPercent: number;
  /** The subscription is on this plan with these very terms: choosing it changes nothing. */
  current: boolean;
  /** The next order stays; this is the one after it with this plan's interval. */
  nextOrderDate: string | null;
  followingOrderDate: string | null;
};

export function intervalOptions(s: CentraSubscription, products: CentraProduct[]): IntervalOption[] {
  return plansOfferingNow(s, products).map((p) => ({
    planId: p.id,
    name: p.name,
    interval: planInterval(p),
    discountPercent: p.discountPercent,
    current: s.plan?.id === p.id && sameTerms(s, p),
    nextOrderDate: s.status === 'active' ? s.nextOrderDate : null,
    followingOrderDate: s.status === 'active' ? plusInterval(s.nextOrderDate, planInterval(p)) : null,
  }));
}

function sameTerms(s: CentraSubscription, p: CentraPlan) {
  return (
    !!s.interval &&
    s.interval.type.toLowerCase() === p.intervalType.toLowerCase() &&
    Number(s.interval.value) === p.intervalValue &&
    Number(s.discount) === p.discountPercent
  );
}

const describeTerms = (i: Interval | null, discount: number) =>
  `${i ? `every ${i.value} ${i.type}${i.value === 1 ? '' : 's'}` : 'no interval'} at ${discount}% off`;

/**
 * Centra lets a quantity grow only while the item is still in the same plan with unchanged
 * properties (interval and discount); decreasing is always fine.
 */
export function quantityIncrease(s: CentraSubscription, products: CentraProduct[]): { allowed: boolean; reason: string | null } {
  if (s.status === 'cancelled') return { allowed: false, reason: 'The subscription is cancelled; its quantity cannot change.' };
  if (!s.plan)
    return {
      allowed: false,
      reason:
        'The subscription is no longer on a plan (its plan was removed), so Centra will not increase it. Decreasing is fine; for more, add a new subscription.',
    };
  const plan = plansOfferingNow(s, products).find((p) => p.id === s.plan!.id);
  if (!plan)
    return {
      allowed: false,
      reason: `The item is no longer in the plan "${s.plan.name ?? s.plan.id}", so Centra will not increase it. Decreasing is fine; for more, add a new subscription.`,
    };
  if (!sameTerms(s, plan)) {
    return {
      allowed: false,
      reason: `The plan "${plan.name}" changed since the customer subscribed (now ${describeTerms(planInterval(plan), plan.discountPercent)}; this subscription has ${describeTerms(s.interval, s.discount)}), so Centra will not increase it. Decreasing is fine; for more, add a new subscription.`,
    };
  }
  return { allowed: true, reason: null };
}

const LIVE = new Set(['active', 'paused']);

/** Cancelling this one leaves no live subscription: Centra then purges the contract's stored payment details. */
export function cancelPurgesPayment(contract: CentraContract, s: CentraSubscription): boolean {
  if (!LIVE.has(s.status)) return false;
  return contract.subscriptions.every((o) => o.id === s.id || !LIVE.has(o.status));
}

/** Why someone should look at this subscription; [] when nothing is wrong. */
export function attentionReasons(contract: CentraContract, s: CentraSubscription, products: CentraProduct[] | null): string[] {
  if (!LIVE.has(s.status)) return [];
  const reasons: string[] = [];
  const payments = contract.subscriptionPayment;
  if (!payments.length) reasons.push('No payment method on the contract');
  else if (!payments.some((p) => p.status === 'active'))
    reasons.push(`Payment ${[...new Set(payments.map((p) => (p.status === 'suspended' ? 'declined (suspended)' : p.status)))].join(', ')}`);
  if (products && !plansOfferingNow(s, products).length) reasons.push('The item is no longer in any subscription plan');
  if (!s.plan) reasons.push("The subscription's plan was removed");
  if (s.status === 'active' && !s.nextOrderDate) reasons.push('Active, but no next order date');
  return reasons;
}

export type SubscriptionPreview = CentraSubscription & {
  contractId: number;
  allowed: TargetStatus[];
  intervalOptions: IntervalOption[];
  /** Set when the item is in no plan: the sentence the interval action shows instead of a list. */
  intervalUnavailableReason: string | null;
  quantityIncreaseAllowed: boolean;
  quantityIncreaseReason: string | null;
  cancelPurgesPayment: boolean;
  needsAttention: string[];
  schedule: ReturnType<typeof schedule>;
};

export function previewSubscription(contract: CentraContract, s: CentraSubscription, products: CentraProduct[], now: Date): SubscriptionPreview {
  const options = s.status === 'cancelled' ? [] : intervalOptions(s, products);
  const q = quantityIncrease(s, products);
  const noPlan =
    s.status === 'cancelled'
      ? 'The subscription is cancelled; its interval cannot change.'
      : options.length
        ? null
        : 'The item is no longer in any subscription plan, so its interval cannot change. For another schedule, the customer subscribes again to a product that is in a plan.';
  return {
    ...s,
    contractId: contract.id,
    allowed: allowedTransitions(s.status),
    intervalOptions: options,
    intervalUnavailableReason: noPlan,
    quantityIncreaseAllowed: q.allowed,
    quantityIncreaseReason: q.reason,
    cancelPurgesPayment: cancelPurgesPayment(contract, s),
    needsAttention: attentionReasons(contract, s, products),
    schedule: schedule(s, s.interval, now),
  };
}
