import type { Deps } from '../deps.ts';
import type { RequestOrigin } from '../audit/log.ts';
import { conflict, notFound } from '../http/errors.ts';
import { present, type ConnectSessionRow } from './connect-sessions.ts';

export const REVOKE_ACTION = 'gigs.connectSession.revoke';

/** Gigs documents no way to cancel a Connect Session: what subdesk can and cannot do, said once. */
export const REVOKE_LIMIT = 'Gigs documents no way to cancel a link: the customer may still be able to use it at Gigs until it expires.';

/**
 * Withdraws a pending link in subdesk (a wrong one, or one sent to the wrong address): it leaves
 * the pending lists and the audit log says who withdrew it. The row and its entry are written
 * together. If the customer uses it at Gigs anyway, the callback still settles it (callback.ts).
 */
export async function revokeLink(deps: Deps, origin: RequestOrigin, sessionId: string) {
  const row = await deps.connectSessions.get(sessionId);
  if (!row) throw notFound('That Connect link');
  if (row.outcome !== 'pending') throw alreadySettled(row);
  const now = deps.clock().toISOString();
  const revoked = await deps.connectSessions.revokeWithAudit(
    { id: sessionId, at: now },
    {
      ...origin,
      action: REVOKE_ACTION,
      outcome: 'succeeded',
      target: row.subscriptionId ? { type: 'gigs-subscription', id: row.subscriptionId } : { type: 'customer', id: row.customerId },
      customerId: row.customerId,
      request: { sessionId },
      before: { outcome: 'pending', intent: row.intent, createdAt: row.createdAt, originalRequestId: row.requestId },
      after: { outcome: 'revoked', intent: row.intent, originalRequestId: row.requestId },
      upstreamRef: sessionId,
    },
  );
  // Settled between the read and the write (the customer was quicker): say what it is now.
  const current = (await deps.connectSessions.get(sessionId))!;
  if (!revoked) throw alreadySettled(current);
  return present(current);
}

const alreadySettled = (row: ConnectSessionRow) => conflict(`This link is already ${row.outcome}, so there is nothing to revoke. Reload the page to see it.`);
