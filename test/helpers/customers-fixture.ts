import { person } from '../../server/sandbox/people.ts';
import type { CustomerStore } from '../../server/customers/store.ts';
import { centraContractUpdates, centraCustomerUpdates, gigsSubscriptionUpdates, gigsUserUpdates } from '../../server/customers/facts.ts';

/**
 * Index facts for the sandbox's people written straight into the store (no upstream): person i
 * gets Gigs user usr_i, subscription sub_i (active) with SIM sim_i / ICCID 8988307000000000000+i,
 * Centra customer 1000+i, contract 5000+i with subscription 9000+i (paused), as people.ts says
 * which systems know them.
 */
export function seedIndex(store: CustomerStore, count: number) {
  const users = [], subs = [], customers = [], contracts = [];
  for (let i = 0; i < count; i++) {
    const p = person(i);
    if (p.inGigs) {
      const user = { id: `usr_${i}`, email: p.email, fullName: p.fullName };
      users.push(user);
      subs.push({ id: `sub_${i}`, status: 'active', phoneNumber: p.phone, sim: { id: `sim_${i}`, iccid: String(8988307000000000000n + BigInt(i)) }, user });
    }
    if (p.inCentra) {
      customers.push({ customerId: String(1000 + i), email: p.centraEmail, firstName: p.firstName, lastName: p.lastName, country: p.country, phoneNumber: p.phone });
      contracts.push({ customerId: String(1000 + i), email: p.centraEmail, contract: { id: 5000 + i, shippingAddress: { country: p.country, phoneNumber: p.phone, firstName: p.firstName, lastName: p.lastName, email: p.centraEmail }, subscriptions: [{ id: 9000 + i, status: 'paused' }] } });
    }
  }
  store.merge('gigs', gigsUserUpdates(users));
  store.merge('gigs', gigsSubscriptionUpdates(subs));
  store.merge('centra', centraCustomerUpdates(customers));
  store.merge('centra', centraContractUpdates(contracts));
  store.buildSome(1_000_000);
}
