import type { Deps } from '../deps.ts';
import type { GigsSubscription } from '../upstream/gigs.ts';
import { offeredIntents } from './offered.ts';

/**
 * Subscriptions as subdesk's API answers them: Gigs' object plus the customer it belongs to and
 * the Connect intents it offers now (the SPA's buttons). One add-on list read serves them all.
 */
export async function withOffers(deps: Pick<Deps, 'gigs'>, subs: GigsSubscription[], customerId: string | null) {
  const addons = subs.some((s) => s.status !== 'ended') ? await deps.gigs.listAddons({ status: 'available' }) : [];
  return subs.map((s) => ({ ...s, customerId, offeredActions: offeredIntents(s, addons) }));
}
