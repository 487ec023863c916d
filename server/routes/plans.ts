import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { auditContext } from '../http/audit-context.ts';
import { notFound } from '../http/errors.ts';
import { validate, validationError } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import { PLANS_LISTS, freshnessOf, sortById, sortRows, statusChartOf, toCsv, weeklyChartOf, type AnyPlansList } from '../plans/index.ts';

type Query = { sort: { field: string; order: 'ASC' | 'DESC' }; start: number; limit: number; filter: Record<string, unknown> };

const schemas = new Map<AnyPlansList, ReturnType<typeof listQuery>>();
function parseQuery(spec: AnyPlansList, query: Record<string, string>): Query {
  let schema = schemas.get(spec);
  // Every list sorts by `id` too (react-admin's default), besides its own columns.
  if (!schema) schemas.set(spec, (schema = listQuery({ sortable: ['id', ...spec.sortable], filter: spec.filter, defaultSort: spec.defaultSort })));
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw validationError(parsed.error, 'query');
  return parsed.data as Query;
}

/** The list's rows for this filter and sort, with how fresh they are. */
async function select(c: Context<AppEnv>, spec: AnyPlansList, q: Pick<Query, 'sort' | 'filter'>) {
  const { rows, countsAsOf, catalogueAsOf } = await spec.rows(c.get('deps'));
  const matching = rows.filter((r) => spec.matches(r, q.filter));
  const picked = q.sort.field === 'id' ? sortById(matching, q.sort.order) : sortRows(matching, (r) => spec.sortValue(r, q.sort.field), q.sort.order);
  // Read by the page ("counts as of", "catalogue as of") without a second request.
  if (countsAsOf) c.header('X-Counts-As-Of', countsAsOf);
  c.header('X-Catalogue-As-Of', catalogueAsOf);
  return picked;
}

const exportQuery = z.strictObject({
  list: z.enum(Object.keys(PLANS_LISTS) as [string, ...string[]]),
  format: z.literal('csv').default('csv'),
  sort: z.string().max(4096).optional(),
  filter: z.string().max(4096).optional(),
});

/**
 * The plans area (issue 8): `/api/plans/<list>` in the simple-rest list contract, one record by id
 * at `/api/plans/<list>/:id` (the deep links), CSV of any list with its filter and sort, the charts'
 * series and how fresh the counts are. Lists: gigs (plans), gigs-addons, centra (subscription
 * plans), centra-products (the product × plan matrix).
 */
export const plansRoutes = new Hono<AppEnv>()
  .get('/plans/freshness', allow('plans', 'list'), async (c) => c.json(await freshnessOf(c.get('deps'))))
  .get('/plans/charts/status', allow('plans', 'list'), async (c) => c.json(await statusChartOf(c.get('deps'))))
  .get('/plans/charts/weekly', allow('plans', 'list'), async (c) => c.json(await weeklyChartOf(c.get('deps'))))
  .get('/plans/export', allow('plans', 'export'), validate('query', exportQuery), async (c) => {
    const { list, sort, filter } = c.req.valid('query');
    const spec = PLANS_LISTS[list]!;
    const q = parseQuery(spec, { ...(sort ? { sort } : {}), ...(filter ? { filter } : {}) });
    const rows = await select(c, spec, q);
    const deps = c.get('deps');
    // Every export is logged (docs/architecture.md, "The audit log"); the file holds catalogue facts and counts, no customer.
    await deps.audit.append({
      ...auditContext(c),
      action: 'plans.export',
      outcome: 'succeeded',
      target: { type: 'plans-list', id: list },
      request: { list, format: 'csv', sort: q.sort, filter: q.filter },
      after: { rows: rows.length },
    });
    const columns = typeof spec.csv === 'function' ? spec.csv(rows) : spec.csv;
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="subdesk-${spec.title}-${deps.clock().toISOString().slice(0, 10)}.csv"`);
    c.header('Cache-Control', 'no-store');
    return c.body(toCsv(columns, rows));
  });

for (const spec of Object.values(PLANS_LISTS)) {
  const resource = `plans/${spec.name}`;
  plansRoutes
    .get(`/${resource}`, allow('plans', 'list'), async (c) => {
      const q = parseQuery(spec, c.req.query());
      const rows = await select(c, spec, q);
      return sendPage(c, resource, q.start, rows.slice(q.start, q.start + q.limit), rows.length);
    })
    .get(`/${resource}/:id`, allow('plans', 'show'), async (c) => {
      const id = c.req.param('id');
      if (!spec.idPattern.test(id)) throw notFound('That plan');
      const { rows, countsAsOf, catalogueAsOf } = await spec.rows(c.get('deps'));
      const row = rows.find((r) => r.id === id);
      if (!row) throw notFound(spec.name === 'gigs-addons' ? 'That add-on' : spec.name === 'centra-products' ? 'That product' : 'That plan');
      return c.json({ ...row, countsAsOf, catalogueAsOf });
    });
}
