import { person } from '../../server/sandbox/people.ts';
import type { CustomerStore } from '../../server/customers/index/store.ts';
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

/** Index facts for the sandbox's first `count` people written straight into the store (no upstream). */
export function seedIndex(store: CustomerStore, count: number) {
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
  store.merge('gigs', gigsUserUpdates(users));
  store.merge('gigs', gigsSubscriptionUpdates(subs));
  store.merge('centra', centraCustomerUpdates(customers));
  store.merge('centra', centraContractUpdates(contracts));
  store.buildSome(1_000_000);
}
