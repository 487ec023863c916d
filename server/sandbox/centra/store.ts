import type Database from 'better-sqlite3';
import { CUSTOMER_JSON } from './customer-json.ts';
import { sqlTime, type IntervalType } from './dates.ts';
import { arrayQuery } from './json-sql.ts';

export type CustomerRow = {
  id: number;
  email: string;
  email_lower: string;
  first_name: string;
  last_name: string;
  address1: string;
  address2: string;
  zip_code: string;
  city: string;
  state: string;
  country: string;
  phone: string;
  newsletter: number;
  registered: number;
  created: string;
  modified: string;
};
export type ContractRow = {
  id: number;
  customer_id: number;
  created_at: string;
  updated_at: string;
  first_name: string;
  last_name: string;
  address1: string;
  address2: string;
  zip_code: string;
  city: string;
  state: string;
  country: string;
  email: string;
  phone: string;
};
export type PaymentRow = { id: number; contract_id: number; payment_method: string; status: string; created_at: string };
export type SubscriptionRow = {
  id: number;
  contract_id: number;
  status: 'active' | 'paused' | 'cancelled';
  interval_type: IntervalType;
  interval_value: number;
  plan_id: number | null;
  plan_name: string | null;
  discount: number;
  quantity: number;
  next_order_date: string | null;
  item: string;
  product_name: string;
  size: string;
  unit_price: number;
  currency: string;
  created_at: string;
  updated_at: string;
};
export type PlanRow = { id: number; name: string; interval_type: IntervalType; interval_value: number; discount: number };
export type ProductRow = { id: number; name: string };
export type ItemRow = { item: string; product_id: number; size_name: string; price_eur: number };

/**
 * "Modified since" / "updated after" filters listed in id order: when few rows match (the
 * usual incremental crawl) the time index finds them and they are sorted; when many match, a
 * walk along the primary key finds a page's worth soonest. Counting up to FEW decides.
 */
const FEW = 5000;

/** A contract with what hangs off it, as the routes serialise it. */
export type ContractBundle = { contract: ContractRow; payments: PaymentRow[]; subscriptions: SubscriptionRow[] };

/** Customer listings answered as JSON text (customer-json.ts): the customer rows of a page. */
const customerPages = {
  fromId: 'SELECT * FROM centra_customers WHERE id > ? ORDER BY id LIMIT ?',
  offset: 'SELECT * FROM centra_customers ORDER BY id LIMIT ? OFFSET ?',
  modifiedScan: 'SELECT * FROM centra_customers NOT INDEXED WHERE modified >= ? ORDER BY id LIMIT ? OFFSET ?',
  modifiedSeek: 'SELECT * FROM centra_customers INDEXED BY centra_customers_modified WHERE modified >= ? ORDER BY id LIMIT ? OFFSET ?',
};

/**
 * Every read and write the routes make, as prepared statements. Created after the tables exist.
 * Bulk reads go by keyset on the primary key; the customer listing's OFFSET is turned into a
 * keyset seek while customer ids are dense (they are: the emulator never deletes customers).
 */
export class CentraStore {
  private denseCustomers: boolean | undefined;
  private readonly s;

  constructor(private readonly db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    const json = (rowsSql: string) => p(arrayQuery(CUSTOMER_JSON, rowsSql, 'cu')).pluck();
    this.s = {
      customerJsonById: p(`SELECT CAST(${CUSTOMER_JSON} AS BLOB) FROM centra_customers cu WHERE cu.id = ?`).pluck(),
      customerByEmail: p('SELECT * FROM centra_customers WHERE email_lower = ?'),
      customersFromId: json(customerPages.fromId),
      customersOffset: json(customerPages.offset),
      customersModifiedScan: json(customerPages.modifiedScan),
      customersModifiedSeek: json(customerPages.modifiedSeek),
      customersModifiedCount: p(
        `SELECT count(*) AS n FROM (SELECT 1 FROM centra_customers INDEXED BY centra_customers_modified WHERE modified >= ? LIMIT ${FEW})`,
      ),
      customerShape: p('SELECT max(id) AS maxId, count(*) AS n FROM centra_customers'),
      products: p('SELECT * FROM centra_products ORDER BY id LIMIT ? OFFSET ?'),
      itemsOfProduct: p('SELECT * FROM centra_items WHERE product_id = ? ORDER BY item'),
      plansOfProduct: p(`SELECT DISTINCT pl.* FROM centra_plans pl JOIN centra_plan_items pi ON pi.plan_id = pl.id
                         JOIN centra_items i ON i.item = pi.item WHERE i.product_id = ? ORDER BY pl.id`),
      plan: p('SELECT * FROM centra_plans WHERE id = ?'),
      itemInPlan: p('SELECT 1 FROM centra_plan_items WHERE plan_id = ? AND item = ?'),
      contract: p('SELECT * FROM centra_contracts WHERE id = ?'),
      contractsOfCustomer: p('SELECT * FROM centra_contracts WHERE customer_id = ? ORDER BY id'),
      paymentsOfContract: p('SELECT * FROM centra_payments WHERE contract_id = ? ORDER BY id'),
      subscriptionsOfContract: p('SELECT * FROM centra_subscriptions WHERE contract_id = ? ORDER BY id'),
      subscription: p('SELECT * FROM centra_subscriptions WHERE id = ?'),
      updateAddress: p(`UPDATE centra_contracts SET first_name = @first_name, last_name = @last_name, address1 = @address1,
                        address2 = @address2, zip_code = @zip_code, city = @city, phone = @phone, email = @email,
                        updated_at = @updated_at WHERE id = @id`),
      touchContract: p('UPDATE centra_contracts SET updated_at = ? WHERE id = ?'),
      updateSubscription: p(`UPDATE centra_subscriptions SET status = @status, interval_type = @interval_type,
                             interval_value = @interval_value, plan_id = @plan_id, plan_name = @plan_name, discount = @discount,
                             quantity = @quantity, next_order_date = @next_order_date, updated_at = @updated_at WHERE id = @id`),
      purgePayments: p('DELETE FROM centra_payments WHERE contract_id = ?'),
      liveSubscriptions: p("SELECT count(*) AS n FROM centra_subscriptions WHERE contract_id = ? AND status != 'cancelled'"),
    };
  }

  /** Seeding changes the customer table under us. */
  forgetShape() {
    this.denseCustomers = undefined;
  }

  /** The customer as the Order API answers it, UTF-8 JSON. */
  customerJson(id: number) {
    return this.s.customerJsonById.get(id) as Buffer<ArrayBuffer> | undefined;
  }

  customerByEmail(email: string) {
    return this.s.customerByEmail.get(email.trim().toLowerCase()) as CustomerRow | undefined;
  }

  /** A page of customers as the Order API lists them: a UTF-8 JSON array. */
  customersJson(q: { limit: number; offset: number; modifiedSince?: string }): Buffer<ArrayBuffer> {
    if (q.modifiedSince) {
      const few = (this.s.customersModifiedCount.get(q.modifiedSince) as { n: number }).n < FEW;
      return (few ? this.s.customersModifiedSeek : this.s.customersModifiedScan).get(q.modifiedSince, q.limit, q.offset) as Buffer<ArrayBuffer>;
    }
    if (this.denseCustomers === undefined) {
      const { maxId, n } = this.s.customerShape.get() as { maxId: number | null; n: number };
      this.denseCustomers = (maxId ?? 0) === n;
    }
    // Ids 1..n with no gaps: the row at offset k is the one with id k + 1, so seek instead of skipping.
    if (this.denseCustomers) return this.s.customersFromId.get(q.offset, q.limit) as Buffer<ArrayBuffer>;
    return this.s.customersOffset.get(q.limit, q.offset) as Buffer<ArrayBuffer>;
  }

  products(limit: number, offset: number) {
    return this.s.products.all(limit, offset) as ProductRow[];
  }

  itemsOfProduct(productId: number) {
    return this.s.itemsOfProduct.all(productId) as ItemRow[];
  }

  plansOfProduct(productId: number) {
    return this.s.plansOfProduct.all(productId) as PlanRow[];
  }

  plan(id: number) {
    return this.s.plan.get(id) as PlanRow | undefined;
  }

  itemInPlan(planId: number, item: string) {
    return Boolean(this.s.itemInPlan.get(planId, item));
  }

  contract(id: number) {
    return this.s.contract.get(id) as ContractRow | undefined;
  }

  subscription(id: number) {
    return this.s.subscription.get(id) as SubscriptionRow | undefined;
  }

  bundle(contract: ContractRow): ContractBundle {
    return {
      contract,
      payments: this.s.paymentsOfContract.all(contract.id) as PaymentRow[],
      subscriptions: this.s.subscriptionsOfContract.all(contract.id) as SubscriptionRow[],
    };
  }

  contractsOfCustomer(customer: CustomerRow): ContractBundle[] {
    return (this.s.contractsOfCustomer.all(customer.id) as ContractRow[]).map((c) => this.bundle(c));
  }

  /** A customer changed in Centra itself; `modified` follows, as the Order API's filter reads it. */
  changeCustomer(id: number, change: { firstName?: string; lastName?: string; email?: string; phoneNumber?: string }, now: Date): CustomerRow | undefined {
    const row = this.db.prepare('SELECT * FROM centra_customers WHERE id = ?').get(id) as CustomerRow | undefined;
    if (!row) return undefined;
    const next = {
      ...row,
      first_name: change.firstName ?? row.first_name,
      last_name: change.lastName ?? row.last_name,
      phone: change.phoneNumber ?? row.phone,
      email: change.email ?? row.email,
      email_lower: (change.email ?? row.email).toLowerCase(),
      modified: sqlTime(now),
    };
    this.db
      .prepare(`UPDATE centra_customers SET first_name = @first_name, last_name = @last_name, phone = @phone, email = @email,
      email_lower = @email_lower, modified = @modified WHERE id = @id`)
      .run(next);
    return next;
  }

  updateAddress(row: ContractRow) {
    this.s.updateAddress.run(row);
  }

  touchContract(id: number, at: string) {
    this.s.touchContract.run(at, id);
  }

  updateSubscription(row: SubscriptionRow) {
    this.s.updateSubscription.run({
      id: row.id,
      status: row.status,
      interval_type: row.interval_type,
      interval_value: row.interval_value,
      plan_id: row.plan_id,
      plan_name: row.plan_name,
      discount: row.discount,
      quantity: row.quantity,
      next_order_date: row.next_order_date,
      updated_at: row.updated_at,
    });
  }

  liveSubscriptionCount(contractId: number) {
    return (this.s.liveSubscriptions.get(contractId) as { n: number }).n;
  }

  purgePayments(contractId: number) {
    this.s.purgePayments.run(contractId);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
