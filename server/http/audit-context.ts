import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './context.ts';
import type { RequestOrigin } from '../audit/log.ts';

/**
 * The client's address: the peer's, or behind TRUSTED_PROXIES reverse proxies the address the
 * outermost of them saw (X-Forwarded-For's entry that many from the right; the entries left of it
 * are whatever the client claimed). Sign-in throttling per address and the audit log use it.
 * Under app.request() in tests there is no socket: null unless a test hands one in.
 */
export function clientIp(c: Context<AppEnv>): string | null {
  const proxies = c.get('deps').config.TRUSTED_PROXIES;
  if (proxies > 0) {
    const forwarded = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
    if (forwarded.length >= proxies) return forwarded[forwarded.length - proxies]!;
  }
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
 * logged too). A page and its tabs read the same customer within moments (the customer page, then
 * the Gigs tab's list): one entry per staff member, customer and target in a window
 * (AuditWindows.once), written before the answer leaves. Group-committed with other entries of
 * the same moment, so a busy desk does not pay one disk flush per page.
 */
export async function recordCustomerView(c: Context<AppEnv>, view: { target: { type: string; id: string }; customerId: string | null; request?: unknown }) {
  const deps = c.get('deps');
  const origin = auditContext(c);
  const actor = origin.actor.type === 'staff' ? origin.actor.id : 'anonymous';
  const key = `customer.view|${actor}|${view.customerId}|${view.target.type}|${view.target.id}`;
  await deps.auditWindows.once(key, () => deps.audit.append({ ...origin, action: 'customer.view', outcome: 'succeeded', ...view }));
}
