import { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';

type Document = Awaited<ReturnType<typeof generateSpecs>>;

/** Every error subdesk answers (server/http/errors.ts). */
const ERROR_SCHEMA: { type: 'object'; required: string[]; properties: Record<string, object> } = {
  type: 'object',
  required: ['message', 'errors'],
  properties: {
    message: { type: 'string', description: 'Written for a support agent; says what to do next.' },
    errors: { type: 'object', additionalProperties: { type: 'string' }, description: 'The offending fields, by name, each with what is wrong.' },
    code: { type: 'string', description: 'A stable name for some errors (e.g. upstreamRateLimited, passwordChangeRequired).' },
  },
};

/**
 * GET /api/openapi.json: the OpenAPI 3.1 description of the API, generated from the routes
 * themselves (hono-openapi): each route's request schemas are the zod schemas it validates with
 * (server/http/validate.ts), and who may call it is its access rule (server/http/access.ts). No
 * hand-written spec to drift. For signed-in staff: it is the map scripts and integrators need,
 * and no secret. docs/api.md says how to use it.
 */
export function openApiRoutes(api: Hono<AppEnv>) {
  let document: Promise<Document> | undefined;
  return new Hono<AppEnv>().get('/openapi.json', allow('openapi.json', 'show'), async (c) => {
    document ??= generateSpecs(api, {
      // Its own path ends in .json: not a static file here.
      excludeStaticFile: false,
      defaultValidationErrorResponse: { $ref: '#/components/responses/Invalid' } as never,
      documentation: {
        info: {
          title: 'subdesk API',
          version: '1',
          description:
            'The API the subdesk SPA uses, for scripts too: react-admin list conventions (sort, range, filter as JSON in the query; Content-Range), errors as {message, errors: {field: message}}. See docs/api.md in the repository.',
        },
        servers: [{ url: '/api' }],
        components: {
          securitySchemes: {
            session: {
              type: 'apiKey',
              in: 'cookie',
              name: 'subdesk_session',
              description: 'The session cookie set by POST /api/auth/login (named __Host-subdesk_session over https).',
            },
          },
          schemas: { Error: ERROR_SCHEMA },
          responses: {
            Invalid: {
              description: 'Bad input: nothing was written. `errors` names each field.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
            NotSignedIn: {
              description: 'No session, or it ended: sign in again.',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
            Forbidden: {
              description: 'Signed in, but this role may not do this (or a new password must be chosen first).',
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
            },
          },
        },
      },
    }).then(withTags);
    c.header('Cache-Control', 'no-store');
    return c.json(await document);
  });
}

/** Groups operations by resource (the first path segment), as a reference page lists them. */
function withTags(doc: Document): Document {
  const names = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    const tag = path.split('/')[1] ?? 'api';
    names.add(tag);
    for (const op of Object.values(item ?? {})) if (op && typeof op === 'object' && !Array.isArray(op)) (op as { tags?: string[] }).tags = [tag];
  }
  return { ...doc, tags: [...names].sort().map((name) => ({ name })) };
}
