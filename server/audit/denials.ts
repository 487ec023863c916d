import type { AuditWindows, AuditWindowSpan } from './windows.ts';
import type { AuditInput, RequestOrigin } from './log.ts';
import { storedPath, storedUserAgent } from './stored-text.ts';

/**
 * A request refused to someone who is not signed in: an API route without a session, or an
 * unknown Connect session on the public callback. Anyone can send these, as fast as they like,
 * so each is folded into one entry per client address, action and window (AuditWindows.fold):
 * how many, the first and the last path, which routes, why. Refusals of a signed-in member stay
 * one entry each (server/http/access.ts): they are rare and each one means something.
 */
export type AnonymousDenial = {
  /** `access.denied`, or the callback's own action for an unknown session. */
  action: string;
  origin: Omit<RequestOrigin, 'actor'>;
  method: string;
  /** As requested (with its query when that is what was refused); cut to STORED_PATH_MAX. */
  path: string;
  /** The route's pattern (`GET /api/customers`), when a route matched. */
  route?: string;
  /**
   * What was refused, when it is one real thing (a Connect session subdesk made): its refusals
   * get a window of their own, so the entry names it and its customer. Forged ids have none.
   */
  target?: { type: string; id: string };
  customerId?: string | null;
  status: number;
  reason: string;
};

/** Distinct routes and reasons kept per window; the count covers every request. */
const MAX_LISTED = 10;

type Request = { method: string; path: string; at: string };
type DenialWindow = { first: AnonymousDenial; firstRequest: Request; last: Request; count: number; routes: Set<string>; reasons: Set<string> };

const addCapped = (set: Set<string>, value: string | undefined) => {
  if (value !== undefined && set.size < MAX_LISTED) set.add(value);
};

function entryOf(w: DenialWindow, span: AuditWindowSpan): AuditInput {
  return {
    ...w.first.origin,
    actor: { type: 'anonymous' },
    action: w.first.action,
    outcome: 'denied',
    target: w.first.target ?? (w.first.route ? { type: 'route', id: w.first.route } : null),
    customerId: w.first.customerId ?? null,
    request: { count: w.count, first: w.firstRequest, last: w.last, routes: [...w.routes], window: span },
    error: { status: w.first.status, reason: [...w.reasons].join('; ') },
  };
}

export function noteAnonymousDenial(deps: { auditWindows: AuditWindows; clock: () => Date }, denial: AnonymousDenial): void {
  const request: Request = { method: denial.method, path: storedPath(denial.path), at: deps.clock().toISOString() };
  // Only the cut text is held while the window is open: thousands of windows stay small.
  const userAgent = denial.origin.userAgent ? storedUserAgent(denial.origin.userAgent) : null;
  const first = { ...denial, path: request.path, origin: { ...denial.origin, userAgent } };
  deps.auditWindows.fold<DenialWindow>(
    `denied|${denial.action}|${denial.origin.ip ?? 'unknown address'}|${denial.target ? `${denial.target.type}:${denial.target.id}` : ''}`,
    () => ({ first, firstRequest: request, last: request, count: 0, routes: new Set(), reasons: new Set() }),
    (w) => {
      w.count++;
      w.last = request;
      addCapped(w.routes, denial.route);
      addCapped(w.reasons, denial.reason);
    },
    entryOf,
  );
}
