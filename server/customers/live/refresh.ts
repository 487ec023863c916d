import type { Deps } from '../../deps.ts';
import { applyLive, isLiveError, readBoth, type CentraLive, type GigsLive, type Live } from './live.ts';
import { emailsFor } from '../index/lookup.ts';
import type { CustomerIndexRow } from '../search/search.ts';

export type RefreshResult =
  | { refreshed: false; errors: { gigs?: string; centra?: string } }
  | {
      refreshed: true;
      errors: { gigs?: string; centra?: string };
      /** What both systems said just now (each may be the error its tab shows). */
      live: { gigs: Live<GigsLive>; centra: Live<CentraLive> };
      /** The person's index row as it is after the refresh. */
      row: CustomerIndexRow;
    };

/**
 * Re-reads one person from both upstreams and updates their index row at once, so that an agent
 * never searches stale data they just changed. Call it after any action on a customer (after the
 * audit outcome is written). A system that cannot be read keeps its previous facts; the errors are
 * returned, never thrown. Unknown id: `{refreshed: false}`. `address`: also read the newest Gigs
 * address (the customer page shows it).
 */
export async function refreshCustomer(
  deps: Pick<Deps, 'customers' | 'gigs' | 'centra' | 'config'>,
  customerId: string,
  opts: { address?: boolean } = {},
): Promise<RefreshResult> {
  const { search, writer } = deps.customers;
  const row = await search.byId(customerId);
  if (!row) return { refreshed: false, errors: {} };
  const ref = emailsFor(row);
  const live = await readBoth(deps, ref, opts);
  await applyLive(writer, row.emailKey, live, ref.centraEmail);
  return {
    refreshed: true,
    errors: { ...(isLiveError(live.gigs) ? { gigs: live.gigs.error } : {}), ...(isLiveError(live.centra) ? { centra: live.centra.error } : {}) },
    live,
    row: (await search.byId(customerId)) ?? row,
  };
}
