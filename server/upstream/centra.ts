import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { HttpClient } from './http.ts';
import { UpstreamError } from './errors.ts';
import {
  contractBody,
  contractListingBody,
  customerBody,
  customersBody,
  graphqlContractsBody,
  productsBody,
  subscriptionBody,
  type CentraContract,
  type CentraCustomer,
  type CentraProduct,
  type CentraSubscription,
} from './centra-schemas.ts';

export type {
  CentraAddress,
  CentraContract,
  CentraCustomer,
  CentraPayment,
  CentraPlan,
  CentraProduct,
  CentraSubscription,
  CentraSubscriptionStatus,
  CentraIntervalType,
  CentraPaymentStatus,
} from './centra-schemas.ts';

export type CentraClientOptions = {
  shopUrl: string;
  orderUrl: string;
  apiKey: string;
  /** Integration API (GraphQL) endpoint and its Bearer token: bulk contract listing for the crawl. */
  integrationUrl: string;
  integrationToken: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
};

/** The fields subdesk sends when it changes a contract's address (no country: Centra has none). */
export type CentraAddressUpdate = {
  /** The customer's e-mail (Shop API only). */
  customer: string;
  contract: number;
  firstName: string;
  lastName: string;
  address1: string;
  address2: string;
  zipCode: string;
  city: string;
  phoneNumber: string;
  email: string;
};

export type CentraContractPageEntry = { contract: CentraContract; customerId: string; email: string };

const centraErrorBody = z.object({ errors: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional() }).passthrough();

/**
 * REST errors are `{"errors":{"<field>":"<message>"}}`; the Integration API (GraphQL) sends
 * `{"errors":[{"message":...}]}`, kept under the field `graphql`.
 */
function parseCentraError(status: number, body: unknown) {
  const parsed = centraErrorBody.safeParse(body);
  const raw = parsed.success ? (parsed.data.errors ?? {}) : {};
  const entries: [string, unknown][] = Array.isArray(raw)
    ? raw.map((e) => ['graphql', (e as { message?: unknown })?.message ?? e])
    : Object.entries(raw);
  const fieldErrors: Record<string, string> = {};
  for (const [k, v] of entries) fieldErrors[k] ??= typeof v === 'string' ? v : JSON.stringify(v);
  const first = Object.entries(fieldErrors)[0];
  return { message: first ? `${first[0]}: ${first[1]}` : `Centra answered ${status}`, fieldErrors };
}

/**
 * The one query the crawl sends to the Integration API. OUR ASSUMPTION: Centra documents the
 * types (SubscriptionContract with customer, shippingAddress, subscriptionPayment, subscriptions)
 * but the argument names `where: {updatedAfter}`, `limit` and `afterId` and this exact selection
 * are ours; check them against the tenant's schema before pointing subdesk at a real Centra.
 */
export const SUBSCRIPTION_CONTRACTS_QUERY = `query SubdeskSubscriptionContracts($limit: Int!, $afterId: Int, $updatedAfter: DateTimeTz) {
  subscriptionContracts(where: { updatedAfter: $updatedAfter }, limit: $limit, afterId: $afterId) {
    id
    createdAt
    updatedAt
    customer { id email }
    shippingAddress { firstName lastName address1 address2 zipCode city state country email phoneNumber }
    subscriptionPayment { id paymentMethod status }
    subscriptions {
      id status interval { type value } plan { id name } discount quantity nextOrderDate createdAt
      lines { item productName size quantity unitPrice { amount currency } }
    }
  }
}`;

const isNotFound = (err: unknown) => err instanceof UpstreamError && err.kind === 'http' && err.details.status === 404;

/** `Y-m-d H:i:s` in UTC, the Order API's filter format. */
function orderApiTime(d: Date | string): string {
  if (typeof d === 'string') return d;
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Centra's Shop API (subscriptions, products), Order API (customers), both with
 * `API-Authorization`, and the Integration API (GraphQL, Bearer) for listing contracts in bulk.
 * Writes are PUTs without idempotency keys: the shared transport never retries them.
 */
export class CentraClient {
  readonly shop: HttpClient;
  readonly order: HttpClient;
  readonly integration: HttpClient;
  private readonly integrationPath: string;

  constructor(readonly opts: CentraClientOptions) {
    const common = { system: 'centra' as const, timeoutMs: opts.timeoutMs, fetch: opts.fetch, sleep: opts.sleep, parseError: parseCentraError };
    const rest = { ...common, headers: { 'api-authorization': opts.apiKey } };
    this.shop = new HttpClient({ ...rest, baseUrl: opts.shopUrl });
    this.order = new HttpClient({ ...rest, baseUrl: opts.orderUrl });
    // The transport joins base + path; split the endpoint so that no trailing slash is added to it.
    const endpoint = new URL(opts.integrationUrl);
    const cut = endpoint.pathname.replace(/\/+$/, '').lastIndexOf('/');
    this.integrationPath = endpoint.pathname.replace(/\/+$/, '').slice(cut + 1);
    this.integration = new HttpClient({
      ...common,
      baseUrl: endpoint.origin + endpoint.pathname.slice(0, cut + 1),
      headers: { authorization: `Bearer ${opts.integrationToken}` },
    });
  }

  /** Cheapest authenticated call on each API. */
  async ping(): Promise<void> {
    await Promise.all([
      this.order.request({ method: 'GET', path: '/customers', query: { limit: 1 }, schema: z.object({ customers: z.array(z.unknown()) }).passthrough() }),
      this.shop.request({ method: 'GET', path: '/products', query: { limit: 1 }, schema: z.object({ products: z.array(z.unknown()) }).passthrough() }),
    ]);
  }

  // ---- customers (Order API) ----

  /** One page of customers, oldest id first; `modified` keeps those modified since then. */
  async listCustomers(q: { limit?: number; offset?: number; modified?: Date | string } = {}): Promise<CentraCustomer[]> {
    const body = await this.order.request({
      method: 'GET',
      path: '/customers',
      query: { limit: q.limit, offset: q.offset, modified: q.modified === undefined ? undefined : orderApiTime(q.modified) },
      schema: customersBody,
    });
    return body.customers;
  }

  /** Every customer (or those modified since), page by page; offset paging is all the Order API has. */
  async *allCustomers(q: { modifiedSince?: Date | string; pageSize?: number } = {}): AsyncGenerator<CentraCustomer[]> {
    const limit = q.pageSize ?? 500;
    for (let offset = 0; ; offset += limit) {
      const page = await this.listCustomers({ limit, offset, modified: q.modifiedSince });
      if (page.length) yield page;
      if (page.length < limit) return;
    }
  }

  /** Centra may store the address in another case; the Order API's `email` filter finds it. */
  async findCustomerByEmail(email: string): Promise<CentraCustomer | null> {
    const wanted = email.trim().toLowerCase();
    const body = await this.order.request({ method: 'GET', path: '/customers', query: { email: email.trim(), limit: 10 }, schema: customersBody });
    return body.customers.find((c) => c.email.trim().toLowerCase() === wanted) ?? null;
  }

  /** One customer by Centra's id; null when Centra does not know it. */
  async getCustomer(customerId: string): Promise<CentraCustomer | null> {
    try {
      const body = await this.order.request({ method: 'GET', path: `/customers/${encodeURIComponent(customerId)}`, schema: customerBody });
      return body.customer;
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  // ---- products (Shop API) ----

  /** Every product with its subscription plans, all pages. */
  async listProducts(q: { pageSize?: number } = {}): Promise<CentraProduct[]> {
    const limit = q.pageSize ?? 100;
    const out: CentraProduct[] = [];
    for (let offset = 0; ; offset += limit) {
      const body = await this.shop.request({ method: 'GET', path: '/products', query: { limit, offset }, schema: productsBody });
      out.push(...body.products);
      if (body.products.length < limit) return out;
    }
  }

  // ---- contracts and subscriptions (Shop API) ----

  /** A customer's contracts with their subscriptions; [] when Centra has no customer with this e-mail. */
  async getContracts(email: string): Promise<CentraContract[]> {
    try {
      // Centra's listing is a POST with an empty body that changes nothing. The fresh Idempotency-Key
      // only tells the shared transport that retrying it is safe (Centra ignores the header).
      return await this.shop.request({
        method: 'POST',
        path: `/customers/${encodeURIComponent(email.trim())}/subscriptions`,
        schema: contractListingBody,
        idempotencyKey: randomUUID(),
      });
    } catch (err) {
      if (isNotFound(err)) return [];
      throw err;
    }
  }

  /**
   * Every contract (or those updated after a time), in id order, via the Integration API with
   * keyset paging on `afterId`. The query only reads, so each page carries a fresh
   * Idempotency-Key: that is what lets the shared transport retry it after a 5xx or a dropped
   * connection (GraphQL ignores the header).
   */
  async *allContracts(q: { updatedAfter?: Date | string; pageSize?: number } = {}): AsyncGenerator<CentraContractPageEntry[]> {
    const limit = Math.min(Math.max(q.pageSize ?? 500, 1), 1000);
    const updatedAfter = q.updatedAfter === undefined ? undefined : typeof q.updatedAfter === 'string' ? q.updatedAfter : q.updatedAfter.toISOString();
    let afterId: number | undefined;
    for (;;) {
      const body = await this.integration.request({
        method: 'POST',
        path: this.integrationPath,
        body: { query: SUBSCRIPTION_CONTRACTS_QUERY, variables: { limit, afterId: afterId ?? null, updatedAfter: updatedAfter ?? null } },
        schema: graphqlContractsBody,
        idempotencyKey: randomUUID(),
      });
      if (body.errors?.length || !body.data) {
        const message = body.errors?.map((e) => e.message ?? 'unknown error').join('; ') || 'no data';
        throw new UpstreamError('centra', 'http', `Centra's Integration API refused the contract listing: ${message}`, { status: 200, method: 'POST', path: this.integrationPath, fieldErrors: { graphql: message } });
      }
      const rows = body.data.subscriptionContracts ?? [];
      const page = rows.map(({ customer, ...contract }) => ({ contract, customerId: customer.id, email: customer.email }));
      if (page.length) yield page;
      if (rows.length < limit) return;
      afterId = rows[rows.length - 1]!.id;
    }
  }

  /** Changes the contract's shipping address (all its subscriptions). The country cannot change. */
  async updateAddress(change: CentraAddressUpdate): Promise<CentraContract> {
    // Only the documented fields: Centra rejects unknown ones, and a stray `country` is refused outright.
    const { customer, contract, firstName, lastName, address1, address2, zipCode, city, phoneNumber, email } = change;
    const body = await this.shop.request({
      method: 'PUT',
      path: '/subscription/address',
      body: { customer, contract, firstName, lastName, address1, address2, zipCode, city, phoneNumber, email },
      schema: contractBody,
    });
    return body.contract;
  }

  /** Moves a subscription to another plan the item is in now; the next order date stays. */
  async updateInterval(subscriptionId: number, planId: string | number): Promise<CentraSubscription> {
    const body = await this.shop.request({
      method: 'PUT',
      path: '/subscription/interval',
      body: { subscription: subscriptionId, subscriptionPlan: /^\d+$/.test(String(planId)) ? Number(planId) : planId },
      schema: subscriptionBody,
    });
    return body.subscription;
  }

  async updateStatus(subscriptionId: number, status: 'active' | 'paused' | 'cancelled'): Promise<CentraSubscription> {
    const body = await this.shop.request({ method: 'PUT', path: '/subscription/status', body: { subscription: subscriptionId, status }, schema: subscriptionBody });
    return body.subscription;
  }

  /** Answers `{"subscription":...}` (our assumption; Centra documents the call, not its answer). */
  async updateQuantity(email: string, contractId: number, subscriptionId: number, quantity: number): Promise<CentraSubscription> {
    const body = await this.shop.request({
      method: 'PUT',
      path: `/customers/${encodeURIComponent(email.trim())}/contracts/${contractId}/subscription/${subscriptionId}`,
      body: { quantity },
      schema: subscriptionBody,
    });
    return body.subscription;
  }
}
