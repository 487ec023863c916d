import { wireTime } from './dates.ts';
import type { ContractBundle, ItemRow, PlanRow, ProductRow, SubscriptionRow } from './store.ts';

/**
 * Rows to the Shop API's JSON (docs/upstreams.md, "Shop API and Order API"). The listings are written by SQL instead:
 * customers in customer-json.ts; the Integration API answers through its GraphQL schema (integration/).
 */

/** Plans on a product: ids and intervalValue are strings on the wire (documented). */
export function planJson(p: PlanRow) {
  return { id: String(p.id), name: p.name, intervalValue: String(p.interval_value), intervalType: p.interval_type, discountPercent: p.discount };
}

export function productJson(p: ProductRow, items: ItemRow[], plans: PlanRow[]) {
  return {
    product: String(p.id),
    name: p.name,
    items: items.map((i) => ({ item: i.item, sizeName: i.size_name })),
    subscriptionPlans: plans.map(planJson),
  };
}

export function subscriptionJson(s: SubscriptionRow) {
  return {
    id: s.id,
    status: s.status,
    interval: { type: s.interval_type, value: s.interval_value },
    plan: s.plan_id === null ? null : { id: s.plan_id, name: s.plan_name },
    discount: s.discount,
    quantity: s.quantity,
    nextOrderDate: s.next_order_date,
    lines: [{ item: s.item, productName: s.product_name, size: s.size, quantity: s.quantity, unitPrice: { amount: s.unit_price, currency: s.currency } }],
    createdAt: wireTime(s.created_at),
  };
}

function addressJson(b: ContractBundle) {
  const c = b.contract;
  return {
    firstName: c.first_name,
    lastName: c.last_name,
    address1: c.address1,
    address2: c.address2,
    zipCode: c.zip_code,
    city: c.city,
    state: c.state,
    country: c.country,
    email: c.email,
    phoneNumber: c.phone,
  };
}

export function contractJson(b: ContractBundle) {
  return {
    id: b.contract.id,
    createdAt: wireTime(b.contract.created_at),
    shippingAddress: addressJson(b),
    subscriptionPayment: b.payments.map((p) => ({ id: p.id, paymentMethod: p.payment_method, status: p.status })),
    subscriptions: b.subscriptions.map(subscriptionJson),
  };
}
