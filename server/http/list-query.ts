import { z, type ZodType } from 'zod';
import type { Context } from 'hono';
import { MAX_PAGE_SIZE } from './page-size.ts';

export { MAX_PAGE_SIZE };

/**
 * How the OpenAPI document (server/routes/openapi.ts) describes a JSON-in-a-query-string
 * parameter: JSON Schema 2020-12's `contentMediaType` and `contentSchema`, which OpenAPI 3.1 uses.
 */
function jsonContent(schema: ZodType, example: unknown) {
  return {
    contentMediaType: 'application/json',
    contentSchema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }),
    example: JSON.stringify(example),
  };
}

/**
 * The ra-data-simple-rest list contract: `?sort=["field","ASC"]&range=[0,24]&filter={...}`,
 * each a JSON string. Build a query schema per resource with its sortable fields and filter.
 */
function jsonParam<T extends ZodType>(name: string, inner: T) {
  return z
    .string()
    .max(4096, `${name} is too long`)
    .transform((raw, ctx) => {
      try {
        return JSON.parse(raw) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `${name} must be valid JSON` });
        return z.NEVER;
      }
    })
    .pipe(inner);
}

export function listQuery<F extends ZodType, S extends readonly [string, ...string[]]>(opts: {
  sortable: S;
  filter: F;
  defaultSort: [S[number], 'ASC' | 'DESC'];
}) {
  // An unknown field is refused naming the ones there are, so a script can correct itself.
  const allowed = opts.sortable.join(', ');
  const sort = z.tuple([
    z.string().superRefine((f, ctx) => {
      if (!(opts.sortable as readonly string[]).includes(f))
        ctx.addIssue({ code: 'custom', message: `"${f}" cannot be sorted on; sort by one of: ${allowed}` });
    }),
    z.enum(['ASC', 'DESC'], { error: 'must be "ASC" or "DESC"' }),
  ]);
  const range = z
    .tuple([z.number().int().min(0), z.number().int().min(0)])
    .refine(([a, b]) => b >= a, 'range end must not be before its start')
    .refine(([a, b]) => b - a < MAX_PAGE_SIZE, `a page holds at most ${MAX_PAGE_SIZE} rows`);
  return z
    .object({
      sort: jsonParam('sort', sort)
        .optional()
        .meta({
          description: `JSON ["field","ASC"|"DESC"]; fields: ${allowed}. Default ${JSON.stringify(opts.defaultSort)}.`,
          ...jsonContent(z.tuple([z.enum(opts.sortable), z.enum(['ASC', 'DESC'])]), ['id', 'ASC']),
        }),
      range: jsonParam('range', range)
        .optional()
        .meta({
          description: `JSON [first, last], 0-based and inclusive, at most ${MAX_PAGE_SIZE} rows. Default [0,24]. The answer's Content-Range header gives the total.`,
          ...jsonContent(range, [0, 24]),
        }),
      filter: jsonParam('filter', opts.filter)
        .optional()
        .meta({ description: 'JSON object of filters.', ...jsonContent(opts.filter, {}) }),
    })
    .strict()
    .transform((q) => {
      const [start, end] = q.range ?? [0, 24];
      const [field, order] = (q.sort ?? opts.defaultSort) as [S[number], 'ASC' | 'DESC'];
      return { sort: { field, order }, start, end, limit: end - start + 1, filter: (q.filter ?? {}) as z.infer<F> };
    });
}

/** Sends one page with the Content-Range header simple-rest reads its total from. */
export function sendPage<T>(c: Context, resource: string, start: number, rows: T[], total: number) {
  const end = rows.length ? start + rows.length - 1 : start;
  c.header('Content-Range', `${resource} ${start}-${end}/${total}`);
  return c.json(rows);
}
