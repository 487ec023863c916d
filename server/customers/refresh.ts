import type { Deps } from '../deps.ts';
import { applyLive, isLiveError, readBoth } from './live.ts';
import type { CentraFacts, GigsFacts } from './types.ts';

export type RefreshResult = { refreshed: boolean; errors: { gigs?: string; centra?: string } };

/** Which e-mail each system knows this person by (Centra may keep another case). */
export function emailsFor(row: { emailKey: string; gigs: string | null; centra: string | null }) {
  const g = row.gigs ? (JSON.parse(row.gigs) as GigsFacts) : null;
  const c = row.centra ? (JSON.parse(row.centra) as CentraFacts) : null;
  return { gigsUserId: g?.u ?? null, gigsEmail: g?.e ?? row.emailKey, centraEmail: c?.e ?? row.emailKey };
}

/**
 * Re-reads one person from both upstreams and updates their index row at once, so that an agent
 * never searches stale data they just changed. Call it after any action on a customer (after the
 * audit outcome is written). A system that cannot be read keeps its previous facts; the errors are
 * returned, never thrown. Unknown id: `{refreshed: false}`.
 */
export async function refreshCustomer(deps: Deps, customerId: string): Promise<RefreshResult> {
  const { search, store } = deps.customers;
  const row = search.byId(customerId);
  if (!row) return { refreshed: false, errors: {} };
  const ref = emailsFor(row);
  const live = await readBoth(deps, ref);
  applyLive(store, row.emailKey, live, ref.centraEmail);
  return {
    refreshed: true,
    errors: { ...(isLiveError(live.gigs) ? { gigs: live.gigs.error } : {}), ...(isLiveError(live.centra) ? { centra: live.centra.error } : {}) },
  };
}
