import { z } from 'zod';
import { HttpClient } from './http.ts';

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

const centraErrorBody = z.object({ errors: z.record(z.string(), z.unknown()).optional() }).passthrough();

function parseCentraError(status: number, body: unknown) {
  const parsed = centraErrorBody.safeParse(body);
  const raw = parsed.success ? (parsed.data.errors ?? {}) : {};
  const fieldErrors = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  const first = Object.entries(fieldErrors)[0];
  return { message: first ? `${first[0]}: ${first[1]}` : `Centra answered ${status}`, fieldErrors };
}

/** Centra's Shop API (subscriptions, products) and Order API (customers). `API-Authorization` on both. */
export class CentraClient {
  readonly shop: HttpClient;
  readonly order: HttpClient;

  constructor(readonly opts: CentraClientOptions) {
    const common = { system: 'centra' as const, headers: { 'api-authorization': opts.apiKey }, timeoutMs: opts.timeoutMs, fetch: opts.fetch, sleep: opts.sleep, parseError: parseCentraError };
    this.shop = new HttpClient({ ...common, baseUrl: opts.shopUrl });
    this.order = new HttpClient({ ...common, baseUrl: opts.orderUrl });
  }

  /** Cheapest authenticated call on each API. */
  async ping(): Promise<void> {
    await Promise.all([
      this.order.request({ method: 'GET', path: '/customers', query: { limit: 1 }, schema: z.object({ customers: z.array(z.unknown()) }).passthrough() }),
      this.shop.request({ method: 'GET', path: '/products', query: { limit: 1 }, schema: z.object({ products: z.array(z.unknown()) }).passthrough() }),
    ]);
  }
}
