import { Hono, type Context } from 'hono';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { auditContext } from '../http/audit-context.ts';
import { AppError, notFound } from '../http/errors.ts';
import { validate, validationError } from '../http/validate.ts';
import { listQuery, sendPage } from '../http/list-query.ts';
import { auditFilter, type AuditFilter } from '../audit/filter.ts';
import { entryBySeq, lastSeq, listPage, presentRow } from '../audit/query.ts';
import { customerNames, qMatches } from '../audit/customers.ts';
import { exportChunks, type ExportFormat } from '../audit/export.ts';
import { verifyAnswer, verifyConfigured } from '../audit/verify.ts';
import { storedPath } from '../audit/stored-text.ts';

const listQuerySchema = listQuery({ sortable: ['seq', 'id', 'time'] as const, filter: auditFilter, defaultSort: ['seq', 'DESC'] });

const exportQuery = z
  .object({
    format: z.enum(['csv', 'json']).default('csv'),
    filter: z
      .string()
      .max(4096)
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined || raw === '') return {};
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'filter must be valid JSON' });
          return z.NEVER;
        }
      })
      .pipe(auditFilter),
  })
  .strict();

const statsQuery = z.object({ days: z.coerce.number().int().min(1).max(366).default(30) }).strict();
const seqParam = z.object({ seq: z.coerce.number().int().min(1) });

/**
 * Support reads the log only through a customer's History tab: a list must name the customer, an
 * entry must belong to one. Refusals are audited like any other denied request.
 */
function refuseSupport(c: Context<AppEnv>, reason: string): never {
  c.get('deps').audit.record({
    ...auditContext(c),
    action: 'access.denied',
    outcome: 'denied',
    target: { type: 'route', id: `${c.req.method} ${c.req.routePath}` },
    request: { method: c.req.method, path: storedPath(c.req.path), query: c.req.query() },
    error: { status: 403, reason },
  });
  throw new AppError(403, "Support can read the audit log only from a customer's History tab. Ask an auditor for anything wider.");
}

const isSupport = (c: Context<AppEnv>) => c.get('principal')?.role === 'support';

/** The entry with its customer's name beside the id (null when the index does not know the id). */
const withCustomerName = <T extends { customerId: string | null }>(entry: T, names: Map<string, string>) => ({
  ...entry,
  customerName: entry.customerId ? (names.get(entry.customerId) ?? null) : null,
});

function exportFileName(format: ExportFormat, now: Date) {
  return `subdesk-audit-${now.toISOString().slice(0, 19).replace(/:/g, '-')}Z.${format}`;
}

/** The audit log: list, one entry, verify, export and the per-day chart. */
export const auditEventsRoutes = new Hono<AppEnv>()
  .get('/audit-events', allow('audit-events', 'list', 'customer-history'), validate('query', listQuerySchema), async (c) => {
    const q = c.req.valid('query');
    if (isSupport(c) && !q.filter.customerId) refuseSupport(c, 'support listed audit events without a customerId');
    const deps = c.get('deps');
    const page = listPage(deps.db.$client, q.filter, q.sort, q.start, q.limit, await qMatches(deps, q.filter.q));
    const names = await customerNames(
      deps,
      page.rows.map((r) => r.customer_id),
    );
    return sendPage(
      c,
      'audit-events',
      q.start,
      page.rows.map((r) => withCustomerName(presentRow(r), names)),
      page.total,
    );
  })
  .get('/audit-events/stats/daily', allow('audit-events', 'list'), validate('query', statsQuery), (c) => {
    const deps = c.get('deps');
    return c.json(deps.auditStats.last(c.req.valid('query').days, deps.clock()));
  })
  .get('/audit-events/export', allow('audit-events', 'export'), (c) => {
    const parsed = exportQuery.safeParse(c.req.query());
    if (!parsed.success) throw validationError(parsed.error, 'query');
    const { format, filter } = parsed.data as { format: ExportFormat; filter: AuditFilter };
    const deps = c.get('deps');
    const sqlite = deps.db.$client;
    const upToSeq = lastSeq(sqlite);
    // Logged before the first byte leaves: whatever was downloaded is covered by this entry.
    deps.audit.record({
      ...auditContext(c),
      action: 'audit.export',
      outcome: 'succeeded',
      target: { type: 'audit-log', id: 'export' },
      request: { format, filter },
      after: { upToSeq },
    });
    c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${exportFileName(format, deps.clock())}"`);
    c.header('Cache-Control', 'no-store');
    return stream(c, async (s) => {
      let aborted = false;
      s.onAbort(() => {
        aborted = true;
      });
      const matches = await qMatches(deps, filter.q);
      for await (const chunk of exportChunks(sqlite, filter, format, upToSeq, matches)) {
        if (aborted) break;
        await s.write(chunk);
      }
    });
  })
  .post('/audit-events/verify', allow('audit-events', 'verify'), async (c) => {
    const deps = c.get('deps');
    const result = await verifyConfigured(deps.db, deps.config);
    deps.audit.record({ ...auditContext(c), action: 'audit.verify', outcome: 'succeeded', target: { type: 'audit-log', id: 'verify' }, after: result });
    return c.json(verifyAnswer(result));
  })
  .get('/audit-events/:seq', allow('audit-events', 'show', 'customer-history'), validate('param', seqParam), async (c) => {
    const { seq } = c.req.valid('param');
    const row = entryBySeq(c.get('deps').db.$client, seq);
    if (isSupport(c) && !row?.customer_id) refuseSupport(c, `support read audit event ${seq}, which belongs to no customer`);
    if (!row) throw notFound('That audit entry');
    return c.json(withCustomerName(presentRow(row), await customerNames(c.get('deps'), [row.customer_id])));
  });
