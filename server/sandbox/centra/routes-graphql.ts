import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBytes, wrapJson } from '../json-bytes.ts';
import { parseTime, sqlTime } from './dates.ts';
import { compileQuery } from './graphql-query.ts';
import { GraphqlError } from './graphql-selection.ts';
import { MAX_PAGE } from './routes-order.ts';
import type { CentraStore } from './store.ts';

/**
 * Centra's Integration API (GraphQL), reduced to the one query subdesk's crawl sends:
 *
 *   subscriptionContracts(where: {updatedAfter}, limit, afterId) { id createdAt updatedAt
 *     customer { id email } shippingAddress { ... } subscriptionPayment { ... } subscriptions { ... } }
 *
 * OUR ASSUMPTION, not Centra's documentation: the real schema (upstreams/centra.md S8) has
 * `SubscriptionContract` with `customer`, `shippingAddress`, `subscriptionPayment` and
 * `subscriptions`, and a `SubscriptionFilter`, but the argument names used here (`where`,
 * `updatedAfter`, `limit`, `afterId`), the other type names and the fields they offer are ours
 * (graphql-contracts.ts). There is no GraphQL engine: the document's selection set is read
 * (graphql-selection.ts; no aliases, fragments or directives) and each contract answers exactly
 * the selected fields, as GraphQL does; a field the type lacks is a GraphQL error. Arguments are
 * taken from `variables` only. Contracts come ordered by id (keyset paging on `afterId`). Enum
 * values are upper case, as GraphQL enums are.
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
    const contractSql = compileQuery(req.data.query);
    if (contractSql instanceof GraphqlError) return c.json(gqlError(contractSql.message));
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
    const page = store().contractsJson(contractSql, { afterId: afterId ?? 0, limit, updatedAfter: updatedAfterSql });
    return jsonBytes(c, wrapJson('{"data":{"subscriptionContracts":', page, '}}'));
  });

  return app;
}
