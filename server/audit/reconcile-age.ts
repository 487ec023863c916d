import type { Deps } from '../deps.ts';

/**
 * What the transport's bound (HttpClient.longestRequestMs) leaves out of an action: a staff
 * call's wait for its turn in the upstream's rate budget (server/upstream/budget.ts; staff go
 * first, so it is short unless many staff calls queue at once), and committing the outcome (on
 * PostgreSQL a group commit behind the append lock). Generous on purpose: an entry left alone too
 * long only stays "outcome unknown" until a later pass, while one taken too early could be
 * settled by the reconciler while its own instance is still waiting for the answer.
 */
export const ACTION_MARGIN_MS = 60_000;

/**
 * The longest an action can take from its `requested` entry to its outcome: runAction's one
 * upstream write (`perform`, server/audit/action.ts) on the slowest of the clients' transports,
 * plus ACTION_MARGIN_MS. With UPSTREAM_TIMEOUT_MS at its default of 10 s and the transport's two
 * retries: 3 attempts of 10 s, a 429's wait within 10 s, two backoffs of at most 2 s, and the
 * margin: 104 s. A pending entry younger than this may still be in flight on a live instance,
 * so reconciliation leaves it for a later pass (server/audit/reconcile-schedule.ts).
 */
export function longestActionMs(deps: Pick<Deps, 'gigs' | 'centra'>): number {
  const transports = [deps.gigs.http, deps.centra.shop, deps.centra.order];
  return Math.max(...transports.map((t) => t.longestRequestMs())) + ACTION_MARGIN_MS;
}
