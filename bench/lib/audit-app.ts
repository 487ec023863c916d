import { Hono } from 'hono';
import type { Db } from '../../db/connection.ts';
import type { AppEnv } from '../../server/http/context.ts';
import { loadConfig } from '../../server/config.ts';
import { depsWithoutUpstreams } from '../../test/helpers/auth.ts';
import { AuditLog } from '../../server/audit/log.ts';
import { auditEventsRoutes } from '../../server/routes/audit-events.ts';
import { AppError, errorBody } from '../../server/http/errors.ts';

/**
 * The audit routes exactly as the product mounts them, behind a stand-in for the session layer
 * that signs every request in as an auditor: the benchmark measures the audit code (validation,
 * query, JSON), not sign-in.
 */
export function auditBenchApp(db: Db, keyPath: string, audit?: AuditLog) {
  const config = loadConfig({ DATABASE_PATH: db.$client.name, AUDIT_SIGNING_KEY_PATH: keyPath, LOG_LEVEL: 'silent' });
  const deps = depsWithoutUpstreams({ config, db, clock: () => new Date(), audit: audit ?? new AuditLog(db) });
  const app = new Hono<AppEnv>();
  app.onError((err, c) => {
    const e = err instanceof AppError ? err : new AppError(500, String(err));
    return c.json(errorBody(e), e.status);
  });
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('requestId', crypto.randomUUID());
    c.set('principal', { id: 1, email: 'auditor@example.com', role: 'auditor', mustChangePassword: false, sessionId: 1 });
    await next();
  });
  app.route('/api', auditEventsRoutes);
  return { app, deps };
}
