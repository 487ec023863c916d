import { person } from '../../server/sandbox/people.ts';
import type { FactsUpdate, IndexWriter } from '../../server/customers/index/writer/types.ts';
import type { SystemName } from '../../server/customers/types.ts';
import {
  centraContractUpdates,
  centraCustomerUpdates,
  gigsSubscriptionUpdates,
  gigsUserUpdates,
  type CentraContractItem,
  type CentraCustomerLike,
  type GigsSubscriptionLike,
  type GigsUserLike,
} from '../../server/customers/index/facts.ts';

/**
 * What the upstreams say about the sandbox's person i: Gigs user usr_i, subscription sub_i (active)
 * with SIM sim_i / ICCID 8988307000000000000+i, Centra customer 1000+i, contract 5000+i with
 * subscription 9000+i (paused), as people.ts says which systems know them.
 */
export function personUpstream(i: number): {
  user?: GigsUserLike;
  subscription?: GigsSubscriptionLike;
  customer?: CentraCustomerLike;
  contract?: CentraContractItem;
} {
  const p = person(i);
  const out: ReturnType<typeof personUpstream> = {};
  if (p.inGigs) {
    const user = { id: `usr_${i}`, email: p.email, fullName: p.fullName };
    out.user = user;
    out.subscription = {
      id: `sub_${i}`,
      status: 'active',
      phoneNumber: p.phone,
      sim: { id: `sim_${i}`, iccid: String(8988307000000000000n + BigInt(i)) },
      user,
    };
  }
  if (p.inCentra) {
    out.customer = {
      customerId: String(1000 + i),
      email: p.centraEmail,
      firstName: p.firstName,
      lastName: p.lastName,
      country: p.country,
      phoneNumber: p.phone,
    };
    out.contract = {
      customerId: String(1000 + i),
      email: p.centraEmail,
      contract: {
        id: 5000 + i,
        shippingAddress: { country: p.country, phoneNumber: p.phone, firstName: p.firstName, lastName: p.lastName, email: p.centraEmail },
        subscriptions: [{ id: 9000 + i, status: 'paused' }],
      },
    };
  }
  return out;
}

/** Index facts for the sandbox's first `count` people written straight into the index (no upstream), in one transaction. */
export async function seedIndex(writer: IndexWriter, count: number) {
  const users = [],
    subs = [],
    customers = [],
    contracts = [];
  for (let i = 0; i < count; i++) {
    const { user, subscription, customer, contract } = personUpstream(i);
    if (user) users.push(user);
    if (subscription) subs.push(subscription);
    if (customer) customers.push(customer);
    if (contract) contracts.push(contract);
  }
  await writer.write({
    gigs: inTurn(gigsUserUpdates(users), gigsSubscriptionUpdates(subs)),
    centra: inTurn(centraCustomerUpdates(customers), centraContractUpdates(contracts)),
  });
}

/** Two updates of the same people applied one after the other. */
function inTurn<C extends SystemName>(first: Map<string, FactsUpdate<C>>, then: Map<string, FactsUpdate<C>>): Map<string, FactsUpdate<C>> {
  const out = new Map(first);
  for (const [key, update] of then) {
    const before = out.get(key);
    out.set(key, before ? (cur) => update(before(cur) ?? undefined) : update);
  }
  return out;
}
