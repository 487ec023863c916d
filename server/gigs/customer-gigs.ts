import type { Deps } from '../deps.ts';
import type { IndexedPerson } from '../customers/index/lookup.ts';
import { readGigs } from '../customers/live/live.ts';
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

/** The indexed person behind a customer id, or 404. */
async function personOr404(deps: Pick<Deps, 'customers'>, customerId: string): Promise<IndexedPerson> {
  const person = await deps.customers.lookup.person(customerId);
  if (!person) throw notFound('That customer');
  return person;
}

/** Reads the customer's Gigs user and subscriptions live (an unreachable Gigs throws an UpstreamError). */
export async function readCustomerGigs(deps: Deps, customerId: string): Promise<CustomerGigs> {
  const person = await personOr404(deps, customerId);
  const live = await readGigs(deps, { userId: person.gigsUserId, email: person.gigsEmail });
  return {
    customerId,
    email: person.email ?? person.emailKey,
    name: person.name,
    user: (live.user as GigsUser | null) ?? null,
    subscriptions: live.subscriptions as unknown as GigsSubscription[],
  };
}

/** The Centra customer behind a customer id (for userDetails of a Centra-only person); null if unknown or unreachable. */
export async function readCentraPerson(deps: Deps, customerId: string): Promise<CentraCustomer | null> {
  const person = await personOr404(deps, customerId);
  try {
    return await deps.centra.findCustomerByEmail(person.centraEmail);
  } catch (err) {
    // The name is a convenience for Connect's form; the e-mail alone is enough to start.
    deps.logger.warn('Centra not readable for userDetails', { customerId, error: String(err) });
    return null;
  }
}
