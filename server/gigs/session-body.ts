import type { Deps } from '../deps.ts';
import type { GigsConnectSessionCreate } from '../upstream/gigs.ts';
import { readCentraPerson, type CustomerGigs } from './customer-gigs.ts';
import { toGigsIntent, type AgentIntent } from './intents.ts';
import { userPayload } from './user-payload.ts';

/** The Gigs body for an intent: `user` or `userDetails`, and subdesk's callback (no appearance: Connect's default). */
export async function sessionBody(deps: Deps, customer: CustomerGigs, intent: AgentIntent): Promise<GigsConnectSessionCreate> {
  const who = customer.user ? userPayload(customer, null) : userPayload(customer, await readCentraPerson(deps, customer.customerId));
  return { intent: toGigsIntent(intent), callbackUrl: deps.config.connectCallbackUrl, ...who } as GigsConnectSessionCreate;
}
