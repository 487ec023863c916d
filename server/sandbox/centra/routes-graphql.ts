import { Hono } from 'hono';
import { z } from 'zod';
import { graphql } from 'graphql';
import type { IntegrationSchemas } from './integration/schema.ts';
import type { IntegrationAccess } from './integration/resolvers.ts';

/** How this tenant's Integration API behaves: whether it offers the contract listing and events, and what the token may do. */
export type IntegrationSettings = { contractsField: boolean; permissions: Set<string>; eventsEnabled: boolean };

/** The integration the sandbox's one token belongs to: event queues are per integration. */
const INTEGRATION = 'subdesk';

const requestSchema = z.object({
  query: z.string().max(100_000),
  variables: z.record(z.string(), z.unknown()).nullish(),
  operationName: z.string().nullish(),
  extensions: z.unknown().optional(),
});

const gqlError = (message: string) => ({ errors: [{ message }] });

/**
 * Centra's Integration API: one POST endpoint answering GraphQL over HTTP with the `graphql`
 * package (parsing, validation, introspection, execution): a real GraphQL server over the
 * sandbox's schema, so that what a client may ask is what the schema says, nothing else.
 */
export function graphqlRoute(schemas: IntegrationSchemas, settings: () => IntegrationSettings, root: () => object) {
  const app = new Hono();
  app.post('/', async (c) => {
    let raw: unknown;
    try {
      raw = JSON.parse(await c.req.text());
    } catch {
      return c.json(gqlError('The request body is not valid JSON.'), 400);
    }
    const req = requestSchema.safeParse(raw);
    if (!req.success)
      return c.json(gqlError(`Bad GraphQL request: ${req.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`), 400);
    const now = settings();
    const access: IntegrationAccess = { permissions: now.permissions, integration: INTEGRATION, eventsEnabled: now.eventsEnabled };
    const result = await graphql({
      schema: now.contractsField ? schemas.full : schemas.withoutContracts,
      source: req.data.query,
      rootValue: root(),
      contextValue: access,
      variableValues: req.data.variables ?? undefined,
      operationName: req.data.operationName ?? undefined,
    });
    return c.json(result);
  });
  return app;
}
