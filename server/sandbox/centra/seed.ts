import type Database from 'better-sqlite3';
import { mulberry32, type Person } from '../people.ts';
import { addInterval, intervalDays, isoDate, sqlTime, type IntervalType } from './dates.ts';
import { PAYMENT_METHODS, PLANS, PRODUCTS, RETIRED_PLAN_IDS, itemId, marketPrice, type CatalogPlan, type CatalogProduct } from './catalog.ts';

const DAY_MS = 86_400_000;
const US_STATES: Record<string, string> = { 'New York': 'NY', Austin: 'TX', Seattle: 'WA' };
const TOTAL_WEIGHT = PRODUCTS.reduce((n, p) => n + p.weight, 0);
const planById = new Map(PLANS.map((p) => [p.id, p]));

/** First ids of each kind, far apart so that a contract id is never mistaken for a customer's in a test. */
const FIRST_ID = { contract: 10_001, subscription: 3_000_001, payment: 7_001 };

type Status = 'active' | 'paused' | 'cancelled';
type Draft = {
  product: CatalogProduct;
  size: number;
  plan: CatalogPlan | null;
  terms: { type: IntervalType; value: number; discount: number };
  status: Status;
  quantity: number;
};

function insertCatalog(db: Database.Database) {
  const product = db.prepare('INSERT OR IGNORE INTO centra_products (id, name) VALUES (?, ?)');
  const item = db.prepare('INSERT OR IGNORE INTO centra_items (item, product_id, size_name, price_eur) VALUES (?, ?, ?, ?)');
  const plan = db.prepare('INSERT OR IGNORE INTO centra_plans (id, name, interval_type, interval_value, discount) VALUES (?, ?, ?, ?, ?)');
  const planItem = db.prepare('INSERT OR IGNORE INTO centra_plan_items (plan_id, item) VALUES (?, ?)');
  for (const p of PLANS) plan.run(p.id, p.name, p.intervalType, p.intervalValue, p.discount);
  for (const p of PRODUCTS) {
    product.run(p.id, p.name);
    p.sizes.forEach((s, i) => {
      item.run(itemId(p.id, i), p.id, s.name, s.priceEur);
      for (const planId of p.planIds) planItem.run(planId, itemId(p.id, i));
    });
  }
}

function pickProduct(r: () => number): CatalogProduct {
  let x = r() * TOTAL_WEIGHT;
  for (const p of PRODUCTS) if ((x -= p.weight) < 0) return p;
  return PRODUCTS[PRODUCTS.length - 1]!;
}

/** A subscription as sold: mostly on the plan's current terms, some on terms the plan has since changed, some whose plan is gone. */
function draftSubscription(r: () => number, status: Status, forced?: { productId: number; plan: 'current' | 'stale' | 'retired' }): Draft {
  const product = forced ? PRODUCTS.find((p) => p.id === forced.productId)! : pickProduct(r);
  const size = Math.floor(r() * product.sizes.length);
  const quantity = r() < 0.7 ? 1 : r() < 0.67 ? 2 : 3;
  if (!product.planIds.length) {
    const plan = planById.get(RETIRED_PLAN_IDS[Math.floor(r() * RETIRED_PLAN_IDS.length)]!)!;
    return { product, size, plan, terms: { type: plan.intervalType, value: plan.intervalValue, discount: plan.discount }, status, quantity };
  }
  const plan = planById.get(product.planIds[Math.floor(r() * product.planIds.length)]!)!;
  const roll = forced ? (forced.plan === 'stale' ? 0.9 : 0) : r();
  const terms = { type: plan.intervalType, value: plan.intervalValue, discount: plan.discount };
  // The plan's discount was changed after this customer subscribed: growing this subscription is refused.
  if (roll >= 0.85 && roll < 0.95) terms.discount = plan.discount >= 5 ? plan.discount - 5 : plan.discount + 5;
  // The plan was deleted; the subscription kept its terms.
  if (roll >= 0.95) return { product, size, plan: null, terms, status, quantity };
  return { product, size, plan, terms, status, quantity };
}

function rollStatus(r: () => number): Status {
  const x = r();
  return x < 0.65 ? 'active' : x < 0.85 ? 'paused' : 'cancelled';
}

function rollPaymentStatus(r: () => number) {
  const x = r();
  return x < 0.85 ? 'active' : x < 0.95 ? 'suspended' : 'revoked';
}

/** Person 0, the demo's known face: one contract showing every situation, one fully cancelled. */
const DEMO_CONTRACTS: { cancelled: boolean; subs: { status: Status; productId: number; plan: 'current' | 'stale' | 'retired' }[] }[] = [
  {
    cancelled: false,
    subs: [
      { status: 'active', productId: 1, plan: 'current' },
      { status: 'paused', productId: 6, plan: 'current' },
      { status: 'active', productId: 12, plan: 'retired' },
      { status: 'active', productId: 8, plan: 'stale' },
    ],
  },
  { cancelled: true, subs: [{ status: 'cancelled', productId: 3, plan: 'current' }] },
];

/**
 * Seeds Centra from the shared people (those with inCentra): customers, the catalogue, 1-2
 * contracts each with 1-4 subscriptions in every status, payment entries in every status, and
 * dates spread over the last twelve months. Deterministic for a given person and clock day.
 * One transaction, prepared statements, ids assigned here (dense customer ids from 1).
 */
export function seedCentra(db: Database.Database, people: Iterable<Person>, now: Date, onProgress?: (done: number) => void) {
  const insertCustomer = db.prepare(`INSERT INTO centra_customers (id, email, email_lower, first_name, last_name, address1, address2, zip_code,
    city, state, country, phone, newsletter, registered, created, modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertContract = db.prepare(`INSERT INTO centra_contracts (id, customer_id, created_at, updated_at, first_name, last_name, address1,
    address2, zip_code, city, state, country, email, phone) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertPayment = db.prepare('INSERT INTO centra_payments (id, contract_id, payment_method, status, created_at) VALUES (?, ?, ?, ?, ?)');
  const insertSubscription = db.prepare(`INSERT INTO centra_subscriptions (id, contract_id, status, interval_type, interval_value, plan_id,
    plan_name, discount, quantity, next_order_date, item, product_name, size, unit_price, currency, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const maxId = (table: string) => (db.prepare(`SELECT max(id) AS m FROM ${table}`).get() as { m: number | null }).m ?? 0;

  db.transaction(() => {
    insertCatalog(db);
    let customerId = maxId('centra_customers');
    let contractId = Math.max(maxId('centra_contracts'), FIRST_ID.contract - 1);
    let subscriptionId = Math.max(maxId('centra_subscriptions'), FIRST_ID.subscription - 1);
    let paymentId = Math.max(maxId('centra_payments'), FIRST_ID.payment - 1);
    const nowMs = now.getTime();
    const today = isoDate(now);
    let done = 0;

    for (const p of people) {
      if (++done % 10_000 === 0) onProgress?.(done);
      if (!p.inCentra) continue;
      const r = mulberry32(Math.floor(p.rand(7) * 4294967296));
      const demo = p.index === 0;
      const plan = demo ? DEMO_CONTRACTS : Array.from({ length: r() < 0.18 ? 2 : 1 }, () => ({ cancelled: r() < 0.12, subs: undefined }));
      // Contracts from the last twelve months; the customer registered up to two months before the first.
      const contractTimes = plan.map(() => nowMs - Math.floor(r() * 365 * DAY_MS)).sort((a, b) => a - b);
      const createdMs = contractTimes[0]! - Math.floor(r() * 60 * DAY_MS);
      const modifiedMs = createdMs + Math.floor(r() * (nowMs - createdMs));
      const state = p.country === 'US' ? (US_STATES[p.city] ?? '') : '';
      const address2 = r() < 0.15 ? `Apt ${1 + Math.floor(r() * 40)}` : '';
      customerId += 1;
      insertCustomer.run(
        customerId,
        p.centraEmail,
        p.centraEmail.toLowerCase(),
        p.firstName,
        p.lastName,
        p.street,
        address2,
        p.zipCode,
        p.city,
        state,
        p.country,
        p.phone,
        r() < 0.4 ? 1 : 0,
        1,
        sqlTime(new Date(createdMs)),
        sqlTime(new Date(modifiedMs)),
      );

      plan.forEach((c, ci) => {
        const cMs = contractTimes[ci]!;
        const drafts: Draft[] = c.subs
          ? c.subs.map((s) => draftSubscription(r, s.status, s))
          : Array.from({ length: pickCount(r) }, () => draftSubscription(r, c.cancelled ? 'cancelled' : rollStatus(r)));
        if (!c.cancelled && drafts.every((d) => d.status === 'cancelled')) drafts[0]!.status = 'active';
        contractId += 1;
        let updatedMs = cMs;
        drafts.forEach((d, si) => {
          // The first subscription came with the checkout; the others were added later.
          const subCreated = si === 0 ? cMs : cMs + Math.floor(r() * (nowMs - cMs));
          const subUpdated = d.status === 'active' ? subCreated : subCreated + Math.floor(r() * (nowMs - subCreated));
          updatedMs = Math.max(updatedMs, subUpdated);
          const next = d.status === 'active' ? addInterval(today, 'day', 1 + Math.floor(r() * Math.min(intervalDays(d.terms.type, d.terms.value), 90))) : null;
          const size = d.product.sizes[d.size]!;
          const price = marketPrice(size.priceEur, p.country);
          subscriptionId += 1;
          insertSubscription.run(
            subscriptionId,
            contractId,
            d.status,
            d.terms.type,
            d.terms.value,
            d.plan?.id ?? null,
            d.plan?.name ?? null,
            d.terms.discount,
            d.quantity,
            next,
            itemId(d.product.id, d.size),
            d.product.name,
            size.name,
            price.amount,
            price.currency,
            sqlTime(new Date(subCreated)),
            sqlTime(new Date(subUpdated)),
          );
        });
        insertContract.run(
          contractId,
          customerId,
          sqlTime(new Date(cMs)),
          sqlTime(new Date(updatedMs)),
          p.firstName,
          p.lastName,
          p.street,
          address2,
          p.zipCode,
          p.city,
          state,
          p.country,
          p.centraEmail,
          p.phone,
        );
        // Payment details are purged once every subscription is cancelled; live contracts keep theirs.
        if (!c.cancelled) {
          const created = sqlTime(new Date(cMs));
          if (r() < 0.12) insertPayment.run(++paymentId, contractId, PAYMENT_METHODS[Math.floor(r() * PAYMENT_METHODS.length)]!, 'revoked', created);
          insertPayment.run(
            ++paymentId,
            contractId,
            PAYMENT_METHODS[Math.floor(r() * PAYMENT_METHODS.length)]!,
            demo ? 'active' : rollPaymentStatus(r),
            created,
          );
        }
      });
    }
    onProgress?.(done);
  })();
}

function pickCount(r: () => number) {
  const x = r();
  return x < 0.45 ? 1 : x < 0.75 ? 2 : x < 0.9 ? 3 : 4;
}
