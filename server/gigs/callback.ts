import type { Deps } from '../deps.ts';
import type { RequestOrigin } from '../audit/log.ts';
import { noteAnonymousDenial } from '../audit/denials.ts';
import { refreshCustomer } from '../customers/live/refresh.ts';
import { UpstreamError } from '../upstream/errors.ts';
import type { GigsConnectSession } from '../upstream/gigs.ts';
import { isSettleable, type ConnectSessionRow, type SettledOutcome } from './connect-sessions.ts';

export const CALLBACK_ACTION = 'gigs.connectSession.callback';

/** What the customer's page says; never anything about them or the agent. */
export type CallbackPage = 'completed' | 'abandoned' | 'failed' | 'confirming' | 'unknown';

const SESSION_ID = /^csn_[A-Za-z0-9]{1,60}$/;
const STATUS_WORD = /^[a-z_]{1,40}$/;

/** The callback's own query, checked: anything else is "unknown" (a neutral page). */
export function parseCallbackQuery(q: { session_id?: string; status?: string }): { sessionId: string; status: string } | null {
  if (!q.session_id || !q.status || !SESSION_ID.test(q.session_id) || !STATUS_WORD.test(q.status)) return null;
  return { sessionId: q.session_id, status: q.status };
}

/** Connect's status word (docs/upstreams.md, "Connect Sessions") → our outcome. */
export function outcomeOfStatus(status: string): SettledOutcome {
  if (status === 'success') return 'completed';
  if (status === 'aborted') return 'abandoned';
  return 'failed';
}

/**
 * What Gigs says about the session, which wins over the query (anyone can type a query).
 * Gigs does not document a session status; the sandbox sends one (gigs-schemas.ts). With one,
 * a session still `pending` is not settled by a callback claiming otherwise; without one, the
 * callback's word is all there is (none: it stays pending), and Gigs has at least confirmed the session exists.
 */
function confirmedOutcome(session: GigsConnectSession, status: string | null): SettledOutcome | 'pending' {
  switch (session.status) {
    case 'completed':
      return 'completed';
    case 'abandoned':
      return 'abandoned';
    case 'expired':
      return 'failed';
    case 'pending':
    case 'opened':
      return 'pending';
    default:
      return status === null ? 'pending' : outcomeOfStatus(status);
  }
}

/**
 * The public /connect/done: confirms the session with Gigs, settles our row once, records one
 * audit entry by the customer linked to the agent's `gigs.connectSession.create`, and refreshes
 * the customer in the index. Repeats (a reload, a second click) find the row settled and
 * only show the page again.
 *
 * Unknown ids: a `denied` entry (a forged or stale link is worth knowing about), folded per
 * client address and minute since anyone can send them; nothing else.
 */
export async function handleCallback(deps: Deps, origin: Omit<RequestOrigin, 'actor'>, sessionId: string, status: string): Promise<CallbackPage> {
  // Anyone can call this page: its refusals are folded per address and minute (audit/denials.ts).
  const deny = (d: { reason: string; row?: ConnectSessionRow }) =>
    noteAnonymousDenial(deps, {
      action: CALLBACK_ACTION,
      origin,
      method: 'GET',
      path: `/connect/done?session_id=${sessionId}&status=${status}`,
      status: 404,
      reason: d.reason,
      ...(d.row ? { target: targetOf(d.row), customerId: d.row.customerId } : {}),
    });
  const row = await deps.connectSessions.get(sessionId);
  if (!row) {
    deny({ reason: 'subdesk made no Connect Session with this id' });
    return 'unknown';
  }
  if (!isSettleable(row)) return row.outcome as SettledOutcome;

  let session: GigsConnectSession;
  try {
    session = await deps.gigs.getConnectSession(sessionId);
  } catch (err) {
    if (err instanceof UpstreamError && err.details.status === 404) {
      deny({ reason: 'Gigs does not know this session', row });
      return 'unknown';
    }
    // Gigs cannot confirm now: the row stays pending (nothing guessed); the customer is thanked.
    deps.logger.warn('Connect callback: Gigs could not confirm the session', { sessionId, error: String(err) });
    return 'confirming';
  }
  if (session.intent?.type && session.intent.type !== row.intent) {
    deny({ reason: `Gigs has intent ${session.intent.type}, subdesk made ${row.intent}`, row });
    return 'unknown';
  }
  const outcome = await settleFromGigs(
    deps,
    row,
    session,
    status,
    { ...origin, actor: { type: 'customer', id: session.user ?? row.gigsUserId ?? null } },
    CALLBACK_ACTION,
  );
  return outcome ?? 'confirming';
}

/**
 * Settles a pending row with what Gigs said about its session: the row flips and one audit entry
 * is written together (or neither), then the customer is refreshed. `status` is the callback's
 * word, null when nobody called back. Answers the outcome, or null when it cannot be told yet.
 */
export async function settleFromGigs(
  deps: Deps,
  row: ConnectSessionRow,
  session: GigsConnectSession,
  status: string | null,
  origin: RequestOrigin,
  action: string,
): Promise<SettledOutcome | null> {
  const outcome = confirmedOutcome(session, status);
  if (outcome === 'pending') return null;
  const now = deps.clock().toISOString();
  const recorded = await deps.connectSessions.settleWithAudit(
    { id: row.id, outcome, callbackStatus: status, at: now },
    {
      ...origin,
      action,
      // Settling succeeded whatever the customer chose: leaving without completing is their choice,
      // not a failure (the audit log's failures are for links that broke).
      outcome: outcome === 'failed' ? 'failed' : 'succeeded',
      target: targetOf(row),
      customerId: row.customerId,
      request: { sessionId: row.id, status, originalRequestId: row.requestId },
      after: {
        outcome,
        intent: row.intent,
        gigsStatus: session.status ?? null,
        originalRequestId: row.requestId,
        ...(row.outcome === 'revoked' ? { revokedBefore: true } : {}),
      },
      error: outcome === 'failed' ? { message: `Connect ended with "${status ?? session.status}".`, status } : undefined,
      upstreamRef: row.id,
    },
  );
  if (recorded) {
    await refreshCustomer(deps, row.customerId).catch((err) =>
      deps.logger.warn('Connect session settled: customer refresh failed', { customerId: row.customerId, error: String(err) }),
    );
  }
  return outcome;
}

const targetOf = (row: ConnectSessionRow) =>
  row.subscriptionId ? { type: 'gigs-subscription', id: row.subscriptionId } : { type: 'customer', id: row.customerId };
