import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import { HttpClient } from './http.ts';
import type { RateBudget } from './budget.ts';
import { UpstreamError } from './errors.ts';
import { IntegrationSchemaReader, type ContractListingPlan } from './centra-integration.ts';
import { CentraEventsClient } from './centra-events.ts';
import {
  contractBody,
  contractListingBody,
  customerBody,
  customersBody,
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
  /**
   * Centra's Integration API (GraphQL) endpoint and its Bearer token: optional. When present and
   * its schema allows, the crawl lists contracts in bulk there; otherwise through the Shop API.
   */
  integrationUrl?: string;
  integrationToken?: string;
  timeoutMs: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** One budget for the three APIs: Centra counts requests per environment (docs/upstreams.md). */
  budget?: RateBudget;
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

const centraErrorBody = z.object({ errors: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]).optional() }).passthrough();

/**
 * REST errors are `{"errors":{"<field>":"<message>"}}`; the Integration API (GraphQL) sends
 * `{"errors":[{"message":...}]}`, kept under the field `graphql`.
 */
function parseCentraError(status: number, body: unknown) {
  const parsed = centraErrorBody.safeParse(body);
  const raw = parsed.success ? (parsed.data.errors ?? {}) : {};
  const entries: [string, unknown][] = Array.isArray(raw) ? raw.map((e) => ['graphql', (e as { message?: unknown })?.message ?? e]) : Object.entries(raw);
  const fieldErrors: Record<string, string> = {};
  for (const [k, v] of entries) fieldErrors[k] ??= typeof v === 'string' ? v : JSON.stringify(v);
  const first = Object.entries(fieldErrors)[0];
  return { message: first ? `${first[0]}: ${first[1]}` : `Centra answered ${status}`, fieldErrors };
}

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
  /** The Integration API's transport and endpoint path, when one is configured. */
  readonly integration: { http: HttpClient; path: string } | null;

  constructor(readonly opts: CentraClientOptions) {
    const common = {
      system: 'centra' as const,
      timeoutMs: opts.timeoutMs,
      fetch: opts.fetch,
      sleep: opts.sleep,
      budget: opts.budget,
      parseError: parseCentraError,
    };
    const rest = { ...common, headers: { 'api-authorization': opts.apiKey } };
    this.shop = new HttpClient({ ...rest, baseUrl: opts.shopUrl });
    this.order = new HttpClient({ ...rest, baseUrl: opts.orderUrl });
    this.integration = null;
    if (opts.integrationUrl && opts.integrationToken) {
      // The transport joins base + path; split the endpoint so that no trailing slash is added to it.
      const endpoint = new URL(opts.integrationUrl);
      const trimmed = endpoint.pathname.replace(/\/+$/, '');
      const cut = trimmed.lastIndexOf('/');
      this.integration = {
        path: trimmed.slice(cut + 1),
        http: new HttpClient({
          ...common,
          baseUrl: endpoint.origin + trimmed.slice(0, cut + 1),
          headers: { authorization: `Bearer ${opts.integrationToken}` },
        }),
      };
    }
  }

  /**
   * How contracts can be listed in bulk: through the Integration API when it is configured and
   * its schema and token allow it (asked, never assumed), else through the Shop API one
   * customer at a time, with the reason.
   */
  /** Centra's Events system, through the Integration API; null when none is configured. */
  events(): CentraEventsClient | null {
    return this.integration ? new CentraEventsClient(this.integration.http, this.integration.path) : null;
  }

  async contractListing(): Promise<ContractListingPlan> {
    if (!this.integration) return { way: 'shop', reason: 'no Integration API is configured (CENTRA_INTEGRATION_API_URL and _TOKEN)', notes: [] };
    return new IntegrationSchemaReader(this.integration.http, this.integration.path).plan();
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
    const body = await this.shop.request({
      method: 'PUT',
      path: '/subscription/status',
      body: { subscription: subscriptionId, status },
      schema: subscriptionBody,
    });
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
