import type { Context } from 'hono';
import type { ZodType } from 'zod';

/** A refusal in Centra's envelope: HTTP status plus `{"errors":{"<field>":"<message>"}}`. */
export class CentraError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 406 | 409 | 500,
    readonly errors: Record<string, string>,
  ) {
    super(
      Object.entries(errors)
        .map(([k, v]) => `${k}: ${v}`)
        .join('; '),
    );
  }
}

export const notFound = (field: string) => new CentraError(404, { [field]: 'not found' });

/** The JSON body as an object; an empty body is `{}` (Centra's listing call is a POST with none). */
export async function readBody(c: Context): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CentraError(400, { body: 'is not valid JSON' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new CentraError(400, { body: 'must be a JSON object' });
  return body as Record<string, unknown>;
}

/**
 * Validates with a strict zod schema. Centra's Shop API v1 rejects unknown fields, naming
 * each one; other problems are reported under the field they concern.
 */
export function parseInput<T>(schema: ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') for (const key of issue.keys) errors[key] ??= 'unknown field';
    else errors[String(issue.path[0] ?? 'body')] ??= issue.message;
  }
  throw new CentraError(400, errors);
}

/** Query parameters as a plain object, for the same strict parsing. */
export function queryInput(c: Context): Record<string, string> {
  return c.req.query();
}
