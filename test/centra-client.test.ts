import { describe, expect, it } from 'vitest';
import { CentraClient } from '../server/upstream/centra.ts';
import { UpstreamError } from '../server/upstream/errors.ts';

/**
 * The client's tolerance, fed crafted answers through its `fetch` option: Centra may add
 * fields, send enum values we have never seen, use GraphQL's upper case, or send ids as
 * strings. None of that may crash it; only a missing id makes an answer malformed.
 */
type Handler = (req: { method: string; url: URL; body: unknown; headers: Headers }) => { status?: number; body: unknown; headers?: Record<string, string> };

function craftedClient(handler: Handler) {
  const calls: { method: string; path: string; body: unknown; headers: Headers }[] = [];
  const impl: typeof fetch = async (input, init) => {
    const url = new URL(String(input));
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const headers = new Headers(init?.headers);
    calls.push({ method: init?.method ?? 'GET', path: url.pathname, body, headers });
    const out = handler({ method: init?.method ?? 'GET', url, body, headers });
    return new Response(typeof out.body === 'string' ? out.body : JSON.stringify(out.body), {
      status: out.status ?? 200,
      headers: { 'content-type': 'application/json', ...out.headers },
    });
  };
  const client = new CentraClient({
    shopUrl: 'https://shop.example/api/shop',
    orderUrl: 'https://shop.example/api/order',
    apiKey: 'shop-key',
    integrationUrl: 'https://shop.example/graphql',
    integrationToken: 'integration-token',
    timeoutMs: 1000,
    fetch: impl,
    sleep: async () => {},
  });
  return { client, calls };
}

const strangeSubscription = {
  id: '77',
  status: 'on_hold',
  interval: { type: 'FORTNIGHT', value: '2' },
  plan: { id: 3, name: 'Quarterly', colour: 'blue' },
  discount: '12.5',
  nextOrderDate: null,
  lines: [{ item: '1-1', name: 'Coffee', size: 'M', quantity: 4, unitPrice: { amount: '9.90', currency: 'EUR' }, extra: true }],
  needsAttention: true,
  attentionReasons: ['NOT_PURCHASABLE'],
};

describe('Centra client tolerance', () => {
  it('keeps unknown statuses and interval types as strings, normalises ids and numbers, ignores extra fields', async () => {
    const { client, calls } = craftedClient(() => ({
      body: {
        contracts: [
          {
            id: '11',
            createdAt: '2024-01-10T09:00:00+01:00',
            market: 'EU',
            shippingAddress: { firstName: 'Jane', country: 'SE', companyName: 'ACME' },
            subscriptionPayment: [{ id: 3, paymentMethod: 'kco3', status: 'PENDING_VERIFICATION', createdAt: 'x' }],
            subscriptions: [strangeSubscription],
          },
        ],
        token: 'ignored',
      },
    }));
    const [contract] = await client.getContracts(' Jane@Example.com ');
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/api/shop/customers/Jane%40Example.com/subscriptions' });
    expect(calls[0]!.headers.get('api-authorization')).toBe('shop-key');
    expect(contract!.id).toBe(11);
    expect(contract!.shippingAddress).toEqual({
      firstName: 'Jane',
      lastName: '',
      address1: '',
      address2: '',
      zipCode: '',
      city: '',
      state: '',
      country: 'SE',
      email: '',
      phoneNumber: '',
    });
    expect(contract!.subscriptionPayment).toEqual([{ id: '3', paymentMethod: 'kco3', status: 'pending_verification' }]);
    const sub = contract!.subscriptions[0]!;
    expect(sub).toMatchObject({
      id: 77,
      status: 'on_hold',
      interval: { type: 'fortnight', value: 2 },
      plan: { id: '3', name: 'Quarterly' },
      discount: 12.5,
      nextOrderDate: null,
      createdAt: null,
    });
    // No subscription-level quantity: the line's is used; the older `name` becomes productName.
    expect(sub.quantity).toBe(4);
    expect(sub.lines[0]).toEqual({ item: '1-1', productName: 'Coffee', size: 'M', quantity: 4, unitPrice: { amount: 9.9, currency: 'EUR' } });
  });

  it('accepts the contract listing as a bare array too (the body shape is undocumented)', async () => {
    const { client } = craftedClient(() => ({ body: [{ id: 5, subscriptions: [] }] }));
    const contracts = await client.getContracts('a@b.c');
    expect(contracts.map((c) => c.id)).toEqual([5]);
    expect(contracts[0]!.subscriptionPayment).toEqual([]);
  });

  it('reads plans with string ids and intervalValue, and unknown interval types', async () => {
    const { client } = craftedClient(() => ({
      body: {
        products: [
          {
            product: 1,
            name: 'Beans',
            items: [{ item: '1-1', sizeName: 'S', stock: 3 }],
            subscriptionPlans: [
              { id: '1', name: 'Monthly', intervalValue: '1', intervalType: 'MONTH', discountPercent: 10, status: 'active' },
              { id: '2', name: 'Odd', intervalValue: '3', intervalType: 'quarter', discountPercent: null },
            ],
          },
        ],
      },
    }));
    const [p] = await client.listProducts();
    expect(p).toEqual({
      product: '1',
      name: 'Beans',
      items: [{ item: '1-1', sizeName: 'S' }],
      subscriptionPlans: [
        { id: '1', name: 'Monthly', intervalValue: 1, intervalType: 'month', discountPercent: 10 },
        { id: '2', name: 'Odd', intervalValue: 3, intervalType: 'quarter', discountPercent: 0 },
      ],
    });
  });

  it('reads customers whose flags and ids come in other types', async () => {
    const { client } = craftedClient(() => ({
      body: { status: 'ok', customers: [{ customerId: 4, email: 'jane@example.com', newsletter: '1', registered: 0, gender: 'f', consents: [] }] },
    }));
    const [c] = await client.listCustomers();
    expect(c).toMatchObject({ customerId: '4', newsletter: true, registered: false, created: null, firstName: '' });
  });

  it('calls a missing id malformed rather than guessing', async () => {
    const { client } = craftedClient(() => ({ body: { subscription: { status: 'active' } } }));
    const err = await client.updateStatus(1, 'paused').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).kind).toBe('malformed');
  });

  it("turns Centra's errors envelope into fieldErrors", async () => {
    const { client } = craftedClient(() => ({ status: 400, body: { errors: { country: 'country not found', hello: 'unknown' } } }));
    const err = (await client.updateInterval(1, '2').catch((e: unknown) => e)) as UpstreamError;
    expect(err).toBeInstanceOf(UpstreamError);
    expect(err.details).toMatchObject({ status: 400, fieldErrors: { country: 'country not found', hello: 'unknown' } });
    expect(err.message).toBe('country: country not found');
  });

  it('never retries a write that failed with a 503, but retries the same failure on a read', async () => {
    const { client, calls } = craftedClient(() => ({ status: 503, body: { errors: { server: 'busy' } } }));
    await expect(client.updateQuantity('a@b.c', 1, 2, 3)).rejects.toBeInstanceOf(UpstreamError);
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(1);
    expect(calls[0]).toMatchObject({ path: '/api/shop/customers/a%40b.c/contracts/1/subscription/2', body: { quantity: 3 } });
    await expect(client.getCustomer('1')).rejects.toBeInstanceOf(UpstreamError);
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(3);
  });

  it('sends the interval plan id as a number when it is numeric, and only documented address fields', async () => {
    const { client, calls } = craftedClient(({ url }) =>
      url.pathname.endsWith('/interval') ? { body: { subscription: { id: 1, status: 'active' } } } : { body: { contract: { id: 2 } } },
    );
    await client.updateInterval(1, '5');
    expect(calls[0]!.body).toEqual({ subscription: 1, subscriptionPlan: 5 });
    const sneaky = {
      customer: 'a@b.c',
      contract: 2,
      firstName: 'A',
      lastName: 'B',
      address1: 'C',
      address2: '',
      zipCode: '1',
      city: 'D',
      phoneNumber: '',
      email: 'a@b.c',
      country: 'NO',
    };
    await client.updateAddress(sneaky);
    expect(calls[1]!.body).not.toHaveProperty('country');
    expect(calls[1]!.headers.has('idempotency-key')).toBe(false);
  });
});
