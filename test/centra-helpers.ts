import type { Fault } from '../server/sandbox/faults.ts';
import { z } from 'zod';
import { CentraClient, type CentraClientOptions, type CentraContract, type CentraSubscription } from '../server/upstream/centra.ts';
import { centraContractSchema } from '../server/upstream/centra-schemas.ts';
import type { TestServer } from './helpers/server.ts';

/** Helpers for the Centra suites: the emulator's control endpoints and a walk over every contract. */

export const centraKey = (server: TestServer) => server.sandbox!.credentials.centraApiKey;

async function control(server: TestServer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/sandbox/centra/_sandbox${path}`, {
    method,
    headers: { 'api-authorization': centraKey(server), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`control ${method} ${path} answered ${res.status}: ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

export const addFault = (server: TestServer, fault: Fault) => control(server, 'POST', '/faults', fault);
export const clearFaults = (server: TestServer) => control(server, 'DELETE', '/faults');
export const activeFaults = async (server: TestServer) => (await control(server, 'GET', '/faults')).faults as Fault[];
export const remoteStats = async (server: TestServer) => (await control(server, 'GET', '/stats')).stats as Record<string, number>;

/** A second client on the same emulator, with other options (timeout, counting fetch, no sleeping). */
export function clientFor(server: TestServer, overrides: Partial<CentraClientOptions> = {}) {
  return new CentraClient({ ...server.deps.centra.opts, ...overrides });
}

/** A fetch that counts the attempts per method and path, so that retries can be seen. */
export function countingFetch() {
  const calls: { method: string; path: string }[] = [];
  const impl: typeof fetch = (input, init) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    calls.push({ method: init?.method ?? 'GET', path: url.pathname });
    return fetch(input, init);
  };
  return { fetch: impl, calls, count: (method: string, pathEnd: string) => calls.filter((c) => c.method === method && c.path.endsWith(pathEnd)).length };
}

export type Found = { contract: CentraContract; sub: CentraSubscription; email: string; customerId: string };

/**
 * Every contract with its customer's e-mail: the ground truth the tests compare with, read from
 * the sandbox's Integration API with every field its schema offers (this selection is written for
 * the sandbox's schema; subdesk's own query is built from whatever schema Centra has), then put in
 * the Shop API's shape through the client's own parser.
 */
const EVERY_CONTRACT = `query Every($page: Int) {
  subscriptionContracts(limit: 200, page: $page, sort: [id_ASC]) {
    id createdAt updatedAt customer { id email }
    shippingAddress { firstName lastName address1 address2 zipCode city state country { code } email phoneNumber }
    subscriptionPayment { id paymentMethod status }
    subscriptions { id status interval { type value } plan { id name } discount nextOrderDate createdAt lines { item name size quantity unitPrice { value currency { code } } } }
  }
}`;
type GqlContract = Record<string, unknown> & {
  customer: { id: number; email: string };
  shippingAddress: Record<string, unknown> & { country: { code: string } | null };
  subscriptions: (Record<string, unknown> & {
    lines: { item: string; name: string; size: string; quantity: number; unitPrice: { value: number; currency: { code: string } } }[];
  })[];
};

export async function everyContract(client: CentraClient) {
  const out: { contract: CentraContract; email: string; customerId: string }[] = [];
  const answer = z.object({ data: z.object({ subscriptionContracts: z.array(z.record(z.string(), z.unknown())) }) });
  for (let page = 1; ; page++) {
    const body = await client.integration!.http.request({
      method: 'POST',
      path: client.integration!.path,
      body: { query: EVERY_CONTRACT, variables: { page } },
      schema: answer,
      idempotencyKey: `every-${page}-${Math.random()}`,
    });
    const rows = body.data.subscriptionContracts as GqlContract[];
    for (const { customer, ...c } of rows) {
      const rest = {
        ...c,
        shippingAddress: { ...c.shippingAddress, country: c.shippingAddress.country?.code ?? '' },
        subscriptions: c.subscriptions.map((s) => ({
          ...s,
          lines: s.lines.map((l) => ({
            item: l.item,
            productName: l.name,
            size: l.size,
            quantity: l.quantity,
            unitPrice: { amount: l.unitPrice.value, currency: l.unitPrice.currency.code },
          })),
        })),
      };
      out.push({ contract: centraContractSchema.parse(rest), email: customer.email, customerId: String(customer.id) });
    }
    if (rows.length < 200) return out;
  }
}

/**
 * The first subscription matching `test` that no other test in the file has taken yet, read
 * fresh from the emulator; tests mutate state, so each takes its own subscriptions.
 */
export function picker(client: CentraClient) {
  const taken = new Set<number>();
  return async function pick(test: (f: Found) => boolean, what: string): Promise<Found> {
    for (const { contract, email, customerId } of await everyContract(client)) {
      for (const sub of contract.subscriptions) {
        const f = { contract, sub, email, customerId };
        if (!taken.has(sub.id) && test(f)) {
          taken.add(sub.id);
          return f;
        }
      }
    }
    throw new Error(`the seed has no subscription that ${what}`);
  };
}

/**
 * The emulator served on its own port with @hono/node-server's `env` (the raw socket) passed
 * through, which the `drop` fault needs to cut a connection. startTestServer's and main.ts's
 * `fetch: (req) => handler(req)` do not pass `env`; there a drop degrades to a plain 500.
 */
export async function serveWithSockets(server: TestServer) {
  const { serve } = await import('@hono/node-server');
  const { Hono } = await import('hono');
  const app = new Hono().route('/sandbox/centra', server.sandbox!.centra);
  const http = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => http.once('listening', () => r()));
  const base = `http://127.0.0.1:${(http.address() as import('node:net').AddressInfo).port}/sandbox/centra`;
  return {
    urls: { shopUrl: `${base}/api/shop`, orderUrl: `${base}/api/order`, integrationUrl: `${base}/graphql` },
    close: () => new Promise<void>((r) => http.close(() => r())),
  };
}
