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
    const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((a) => a.trim()).filter(Boolean);
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
 * A page and its tabs read the same customer within moments (the customer page, then the Gigs
 * tab's list): one `customer.view` per staff member, customer and target in this window says
 * all an auditor needs, where one per request buried each visit under repeats.
 */
export const VIEW_REPEAT_WINDOW_MS = 60_000;
const lastViews = new WeakMap<object, Map<string, number>>();

/** True when this view repeats one recorded within the window (and remembers it otherwise). */
function repeatsRecentView(seen: Map<string, number>, key: string, now: number): boolean {
  const last = seen.get(key);
  if (last !== undefined && now - last < VIEW_REPEAT_WINDOW_MS) return true;
  // Forget what is past the window, so the map stays as small as the desk's last minute.
  if (seen.size > 1000) for (const [k, at] of seen) if (now - at >= VIEW_REPEAT_WINDOW_MS) seen.delete(k);
  seen.set(key, now);
  return false;
}

/**
 * `customer.view`: someone read a customer's personal details (ASVS 16: reads of personal data are
 * logged too). Group-committed with other entries of the same moment, so a busy desk does not pay
 * one disk flush per page; the answer still waits until the entry is on disk.
 */
export async function recordCustomerView(c: Context<AppEnv>, view: { target: { type: string; id: string }; customerId: string | null; request?: unknown }) {
  const deps = c.get('deps');
  const origin = auditContext(c);
  const actor = origin.actor.type === 'staff' ? origin.actor.id : 'anonymous';
  let seen = lastViews.get(deps);
  if (!seen) lastViews.set(deps, (seen = new Map()));
  // Remembered before the write, so that the page and its tab asking at once still make one entry.
  const key = `${actor}|${view.customerId}|${view.target.type}|${view.target.id}`;
  if (repeatsRecentView(seen, key, deps.clock().getTime())) return;
  try {
    await deps.audit.append({ ...origin, action: 'customer.view', outcome: 'succeeded', ...view });
  } catch (err) {
    seen.delete(key);
    throw err;
  }
}
