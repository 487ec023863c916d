import { SETTLEABLE, type ConnectSessionRow } from './store/index.ts';

export type { ConnectSessionRow, Outcome, SessionFilter, SettledOutcome } from './store/index.ts';

export const OUTCOMES = ['pending', 'completed', 'abandoned', 'failed', 'revoked'] as const;

/** A row as the API answers it (never a url: the table has none). */
export function present(r: ConnectSessionRow) {
  return {
    id: r.id,
    customerId: r.customerId,
    staffId: r.staffId,
    staffEmail: r.staffEmail,
    intent: r.intent,
    subscriptionId: r.subscriptionId,
    planId: r.planId,
    addonIds: r.addonIds ?? [],
    gigsUserId: r.gigsUserId,
    requestId: r.requestId,
    createdAt: r.createdAt,
    outcome: r.outcome,
    outcomeAt: r.outcomeAt,
    callbackStatus: r.callbackStatus,
  };
}

/** A callback or Gigs can still settle it: a revoked link may still be used at Gigs (it documents no revoke). */
export const isSettleable = (r: ConnectSessionRow) => SETTLEABLE.includes(r.outcome);
