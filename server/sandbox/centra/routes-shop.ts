import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { CentraError, notFound, parseInput, readBody } from './input.ts';
import { pageNumber } from './routes-order.ts';
import type { CentraRules } from './rules.ts';
import type { CentraStore } from './store.ts';
import { contractJson, productJson, subscriptionJson } from './wire.ts';

/** Ids arrive as numbers, or as numeric strings (Centra's plan ids are strings on the wire). */
const intId = (what: string) =>
  z.union(
    [
      z.number().int().positive(),
      z
        .string()
        .regex(/^\d{1,15}$/)
        .transform(Number),
    ],
    { error: `${what} must be an id` },
  );

const productsQuery = z.strictObject({ limit: pageNumber(1, 500, 'limit').optional(), offset: pageNumber(0, Number.MAX_SAFE_INTEGER, 'offset').optional() });

const text = (max = 200) => z.string({ error: 'must be a string' }).max(max);
const required = (max = 200) => text(max).trim().min(1, 'cannot be empty');

const addressBody = z.strictObject({
  customer: z.string({ error: 'is required (the customer e-mail)' }).min(1),
  contract: intId('contract'),
  firstName: required().optional(),
  lastName: required().optional(),
  address1: required().optional(),
  address2: text().optional(),
  zipCode: required(20).optional(),
  city: required().optional(),
  phoneNumber: text(40).optional(),
  email: z.string().email('must be an e-mail address').optional(),
});

const intervalBody = z.strictObject({ subscription: intId('subscription'), subscriptionPlan: intId('subscriptionPlan') });
const statusBody = z.strictObject({
  subscription: intId('subscription'),
  status: z.enum(['active', 'paused', 'cancelled'], { error: 'must be one of active, paused, cancelled' }),
});
const quantityBody = z.strictObject({ quantity: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1') });

const pathId = (value: string, field: string) => {
  if (!/^\d{1,15}$/.test(value)) throw notFound(field);
  return Number(value);
};

/** Centra's Shop API: products with their plans, a customer's contracts, and the subscription changes. */
export function shopRoutes(store: () => CentraStore, rules: () => CentraRules) {
  const app = new Hono();

  app.get('/products', (c) => {
    const q = parseInput(productsQuery, c.req.query());
    const s = store();
    const products = s.products(q.limit ?? 100, q.offset ?? 0).map((p) => productJson(p, s.itemsOfProduct(p.id), s.plansOfProduct(p.id)));
    return c.json({ products });
  });

  app.post('/customers/:email/subscriptions', async (c) => {
    parseInput(z.strictObject({}), await readBody(c));
    const customer = store().customerByEmail(c.req.param('email'));
    if (!customer) throw notFound('customer');
    return c.json({ contracts: store().contractsOfCustomer(customer).map(contractJson) });
  });

  // The guide's prose says /subscriptions/address, its anchor /subscription/address: both are served.
  for (const path of ['/subscription/address', '/subscriptions/address']) {
    app.put(path, async (c) => {
      const body = await readBody(c);
      if ('country' in body) throw new CentraError(400, { country: 'cannot be changed; cancel and check out again' });
      const change = parseInput(addressBody, body);
      return c.json({ contract: contractJson(rules().changeAddress(change)) });
    });
  }

  app.put('/subscription/interval', async (c) => {
    const body = parseInput(intervalBody, await readBody(c));
    return c.json({ subscription: subscriptionJson(rules().changeInterval(body.subscription, body.subscriptionPlan)) });
  });

  // PUT since 2022-07; the older guide shows POST, and both are accepted.
  const changeStatus = async (c: Context) => {
    const body = parseInput(statusBody, await readBody(c));
    return c.json({ subscription: subscriptionJson(rules().changeStatus(body.subscription, body.status)) });
  };
  app.put('/subscription/status', changeStatus);
  app.post('/subscription/status', changeStatus);

  app.put('/customers/:email/contracts/:contract/subscription/:subscription', async (c) => {
    const body = parseInput(quantityBody, await readBody(c));
    const contract = pathId(c.req.param('contract'), 'contract');
    const subscription = pathId(c.req.param('subscription'), 'subscription');
    return c.json({ subscription: subscriptionJson(rules().changeQuantity(c.req.param('email'), contract, subscription, body.quantity)) });
  });

  return app;
}
