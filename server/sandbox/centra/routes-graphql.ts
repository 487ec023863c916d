import { Hono } from 'hono';
import { z } from 'zod';
import { parseTime, sqlTime } from './dates.ts';
import { MAX_PAGE } from './routes-order.ts';
import type { CentraStore } from './store.ts';
import { graphqlContractJson } from './wire.ts';

/**
 * Centra's Integration API (GraphQL), reduced to the one query subdesk's crawl sends:
 *
 *   subscriptionContracts(where: {updatedAfter}, limit, afterId) { id createdAt updatedAt
 *     customer { id email } shippingAddress { ... } subscriptionPayment { ... } subscriptions { ... } }
 *
 * OUR ASSUMPTION, not Centra's documentation: the real schema (upstreams/centra.md S8) has
 * `SubscriptionContract` with `customer`, `shippingAddress`, `subscriptionPayment` and
 * `subscriptions`, and a `SubscriptionFilter`, but the argument names used here (`where`,
 * `updatedAfter`, `limit`, `afterId`) and the exact field selection are ours. There is no
 * GraphQL engine: any query document that asks for `subscriptionContracts` gets the same
 * fields back, ordered by id (keyset paging on `afterId`). Enum values are upper case, as
 * GraphQL enums are.
 */
const variablesSchema = z.strictObject({
  limit: z.number().int().min(1).max(MAX_PAGE),
  afterId: z.number().int().min(0).nullish(),
  updatedAfter: z.string().nullish(),
});

const requestSchema = z.strictObject({
  query: z.string(),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
  extensions: z.unknown().optional(),
});

const gqlError = (message: string) => ({ errors: [{ message }] });

export function graphqlRoute(store: () => CentraStore) {
  const app = new Hono();

  app.post('/', async (c) => {
    let raw: unknown;
    try {
      raw = JSON.parse(await c.req.text());
    } catch {
      return c.json(gqlError('The request body is not valid JSON.'), 400);
    }
    const req = requestSchema.safeParse(raw);
    if (!req.success) return c.json(gqlError(`Bad GraphQL request: ${req.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`), 400);
    const document = req.data.query.replace(/#[^\n]*/g, '');
    if (/^\s*(mutation|subscription)\b/.test(document)) return c.json(gqlError('This emulator answers queries only.'));
    if (!/\bsubscriptionContracts\b/.test(document)) return c.json(gqlError('Cannot query this field: the emulator serves only Query.subscriptionContracts.'));
    const vars = variablesSchema.safeParse(req.data.variables ?? {});
    if (!vars.success) {
      const issue = vars.error.issues[0]!;
      const name = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.');
      return c.json(gqlError(`Variable "$${name}" got an invalid value: ${issue.message}`));
    }
    const { limit, afterId, updatedAfter } = vars.data;
    let updatedAfterSql: string | undefined;
    if (updatedAfter) {
      const d = parseTime(updatedAfter);
      if (!d) return c.json(gqlError(`Variable "$updatedAfter" got an invalid value: not a DateTimeTz`));
      updatedAfterSql = sqlTime(d);
    }
    const page = store().contractsPage({ afterId: afterId ?? 0, limit, updatedAfter: updatedAfterSql });
    return c.json({ data: { subscriptionContracts: page.map(graphqlContractJson) } });
  });

  return app;
}
