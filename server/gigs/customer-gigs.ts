import type { Deps } from '../deps.ts';
import { emailsFor } from '../customers/refresh.ts';
import { readGigs } from '../customers/live.ts';
import { notFound } from '../http/errors.ts';
import type { GigsSubscription, GigsUser } from '../upstream/gigs.ts';
import type { CentraCustomer } from '../upstream/centra.ts';

/** One customer as the Connect features need them: who they are in Gigs, live. */
export type CustomerGigs = {
  customerId: string;
  email: string;
  /** The index's name (Gigs' or Centra's), for userDetails when Gigs has no user yet. */
  name: string | null;
  user: GigsUser | null;
  subscriptions: GigsSubscription[];
};

/** The index row for a customer id, or 404. */
export function customerRow(deps: Deps, customerId: string) {
  const row = deps.customers.search.byId(customerId);
  if (!row) throw notFound('That customer');
  return row;
}

/** Reads the customer's Gigs user and subscriptions live (an unreachable Gigs throws an UpstreamError). */
export async function readCustomerGigs(deps: Deps, customerId: string): Promise<CustomerGigs> {
  const row = customerRow(deps, customerId);
  const ref = emailsFor(row);
  const live = await readGigs(deps, { userId: ref.gigsUserId, email: ref.gigsEmail });
  return {
    customerId,
    email: row.email ?? row.emailKey,
    name: row.name,
    user: (live.user as GigsUser | null) ?? null,
    subscriptions: live.subscriptions as unknown as GigsSubscription[],
  };
}

/** The Centra customer behind a customer id (for userDetails of a Centra-only person); null if unknown or unreachable. */
export async function readCentraPerson(deps: Deps, customerId: string): Promise<CentraCustomer | null> {
  const row = customerRow(deps, customerId);
  try {
    return await deps.centra.findCustomerByEmail(emailsFor(row).centraEmail);
  } catch (err) {
    // The name is a convenience for Connect's form; the e-mail alone is enough to start.
    deps.logger.warn('Centra not readable for userDetails', { customerId, error: String(err) });
    return null;
  }
}

/** Which customer owns a Gigs user id, from the index. */
export function customerIdForGigsUser(deps: Deps, userId: string): string | null {
  const r = deps.db.$client.prepare('SELECT id FROM customers WHERE gigs_user_id = ? LIMIT 1').pluck().get(userId) as string | undefined;
  return r ?? null;
}
