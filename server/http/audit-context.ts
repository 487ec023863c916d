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

/**
 * `customer.view`: someone read a customer's personal details (ASVS 16: reads of personal data are
 * logged too). Group-committed with other entries of the same moment, so a busy desk does not pay
 * one disk flush per page; the answer still waits until the entry is on disk.
 */
export async function recordCustomerView(c: Context<AppEnv>, view: { target: { type: string; id: string }; customerId: string | null; request?: unknown }) {
  await c.get('deps').audit.append({ ...auditContext(c), action: 'customer.view', outcome: 'succeeded', ...view });
}
