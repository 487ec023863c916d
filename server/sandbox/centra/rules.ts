import { addInterval, isoDate, sqlTime } from './dates.ts';
import { CentraError, notFound } from './input.ts';
import type { CentraStore, ContractBundle, SubscriptionRow } from './store.ts';

export type SubscriptionStatus = 'active' | 'paused' | 'cancelled';
export type MutationKind = 'address' | 'interval' | 'status' | 'quantity';

export type AddressChange = {
  customer: string;
  contract: number;
  firstName?: string;
  lastName?: string;
  address1?: string;
  address2?: string;
  zipCode?: string;
  city?: string;
  phoneNumber?: string;
  email?: string;
};

/**
 * Centra's subscription rules (docs/upstreams.md, "Shop API and Order API", rules), applied to the store.
 * Each change runs in one transaction and counts in `applied` only when it changed something.
 */
export class CentraRules {
  readonly applied: Record<MutationKind, number> = { address: 0, interval: 0, status: 0, quantity: 0 };

  constructor(
    private readonly store: CentraStore,
    private readonly clock: () => Date,
  ) {}

  /** The contract, when it belongs to the customer with this e-mail (any case). */
  private ownedContract(email: string, contractId: number) {
    const customer = this.store.customerByEmail(email);
    if (!customer) throw notFound('customer');
    const contract = this.store.contract(contractId);
    if (!contract || contract.customer_id !== customer.id) throw notFound('contract');
    return { customer, contract };
  }

  /** The address is the contract's, for all its subscriptions; the country never changes (no field for it). */
  changeAddress(change: AddressChange): ContractBundle {
    return this.store.transaction(() => {
      const { contract } = this.ownedContract(change.customer, change.contract);
      const next = {
        ...contract,
        first_name: change.firstName ?? contract.first_name,
        last_name: change.lastName ?? contract.last_name,
        address1: change.address1 ?? contract.address1,
        address2: change.address2 ?? contract.address2,
        zip_code: change.zipCode ?? contract.zip_code,
        city: change.city ?? contract.city,
        phone: change.phoneNumber ?? contract.phone,
        email: change.email ?? contract.email,
        updated_at: sqlTime(this.clock()),
      };
      this.store.updateAddress(next);
      this.applied.address += 1;
      return this.store.bundle(next);
    });
  }

  private liveSubscription(id: number, verb: string): SubscriptionRow {
    const sub = this.store.subscription(id);
    if (!sub) throw notFound('subscription');
    if (sub.status === 'cancelled') throw new CentraError(400, { subscription: `is cancelled; cancelled subscriptions cannot ${verb}` });
    return sub;
  }

  /**
   * Any plan the item is in right now; the plan's interval and discount are copied. The next
   * order date stays: the new interval counts from the order already scheduled.
   */
  changeInterval(subscriptionId: number, planId: number): SubscriptionRow {
    return this.store.transaction(() => {
      const sub = this.liveSubscription(subscriptionId, 'change interval');
      const plan = this.store.plan(planId);
      if (!plan || !this.store.itemInPlan(plan.id, sub.item)) throw new CentraError(400, { subscriptionPlan: 'not available for this item' });
      const now = sqlTime(this.clock());
      const next: SubscriptionRow = {
        ...sub,
        plan_id: plan.id,
        plan_name: plan.name,
        interval_type: plan.interval_type,
        interval_value: plan.interval_value,
        discount: plan.discount,
        updated_at: now,
      };
      this.store.updateSubscription(next);
      this.store.touchContract(sub.contract_id, now);
      this.applied.interval += 1;
      return next;
    });
  }

  /**
   * Pause any time (no next order); resume from today plus one interval (missed periods are
   * not made up); cancel is final, and the last cancellation on a contract purges its payment
   * details. Asking for the status it already has changes nothing.
   */
  changeStatus(subscriptionId: number, status: SubscriptionStatus): SubscriptionRow {
    return this.store.transaction(() => {
      const sub = this.store.subscription(subscriptionId);
      if (!sub) throw notFound('subscription');
      if (sub.status === status) return sub;
      if (sub.status === 'cancelled') throw new CentraError(400, { status: 'cancelled subscriptions cannot be reactivated' });
      const now = this.clock();
      const nextOrderDate = status === 'active' ? addInterval(isoDate(now), sub.interval_type, sub.interval_value) : null;
      const next: SubscriptionRow = { ...sub, status, next_order_date: nextOrderDate, updated_at: sqlTime(now) };
      this.store.updateSubscription(next);
      this.store.touchContract(sub.contract_id, sqlTime(now));
      if (status === 'cancelled' && this.store.liveSubscriptionCount(sub.contract_id) === 0) this.store.purgePayments(sub.contract_id);
      this.applied.status += 1;
      return next;
    });
  }

  /** At least 1; fewer is always fine; more only while the item is in the same plan on the same terms. */
  changeQuantity(email: string, contractId: number, subscriptionId: number, quantity: number): SubscriptionRow {
    return this.store.transaction(() => {
      const { contract } = this.ownedContract(email, contractId);
      const sub = this.store.subscription(subscriptionId);
      if (!sub || sub.contract_id !== contract.id) throw notFound('subscription');
      if (sub.status === 'cancelled') throw new CentraError(400, { subscription: 'is cancelled; cancelled subscriptions cannot change quantity' });
      if (quantity === sub.quantity) return sub;
      if (quantity > sub.quantity) {
        const plan = sub.plan_id === null ? undefined : this.store.plan(sub.plan_id);
        const sameTerms =
          plan &&
          this.store.itemInPlan(plan.id, sub.item) &&
          plan.interval_type === sub.interval_type &&
          plan.interval_value === sub.interval_value &&
          plan.discount === sub.discount;
        if (!sameTerms) {
          throw new CentraError(400, { quantity: 'cannot be increased: the item is no longer in this plan on the same terms; add a new subscription instead' });
        }
      }
      const now = sqlTime(this.clock());
      const next: SubscriptionRow = { ...sub, quantity, updated_at: now };
      this.store.updateSubscription(next);
      this.store.touchContract(sub.contract_id, now);
      this.applied.quantity += 1;
      return next;
    });
  }
}
