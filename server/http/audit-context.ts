import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './context.ts';
import type { RequestOrigin } from '../audit/log.ts';

/** The peer address; under app.request() in tests there is no socket, so fall back to a header-free marker. */
export function clientIp(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** Who is asking, from where: the part of every audit entry that comes from the request. */
export function auditContext(c: Context<AppEnv>): RequestOrigin {
  const p = c.get('principal');
  return {
    requestId: c.get('requestId'),
    actor: p ? { type: 'staff', id: String(p.id), email: p.email, role: p.role } : { type: 'anonymous' },
    ip: clientIp(c),
    userAgent: c.req.header('user-agent') ?? null,
  };
}
