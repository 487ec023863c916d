import type { CustomerIndexStore, FactsRow } from '../store/index.ts';
import type { CentraFacts, GigsFacts } from '../types.ts';

/**
 * What other domains ask the customer index about one person, without reading its tables or its
 * facts JSON: who owns a Centra contract or subscription, which customer a Gigs user is, which
 * e-mail each system knows the person by.
 */

/** The subdesk customer behind a Centra contract or subscription, and the e-mail Centra lists them by. */
export type CentraOwner = { customerId: string; centraEmail: string };

/** One indexed person as the Gigs and Centra features need them. */
export type IndexedPerson = {
  customerId: string;
  emailKey: string;
  /** The e-mail as shown (else null: emailKey is the trimmed, lower-cased one). */
  email: string | null;
  name: string | null;
  gigsUserId: string | null;
  /** The e-mail Gigs knows them by (Centra may keep another case). */
  gigsEmail: string;
  centraEmail: string;
};

/** The ids the customer page's header shows per system. */
export type HeaderIds = { gigsSubscriptionIds: string[]; iccids: string[]; centraContractIds: string[]; centraSubscriptionIds: string[] };

type FactsColumns = { emailKey: string; gigs: string | null; centra: string | null };

const gigsOf = (row: { gigs: string | null }) => (row.gigs ? (JSON.parse(row.gigs) as GigsFacts) : null);
const centraOf = (row: { centra: string | null }) => (row.centra ? (JSON.parse(row.centra) as CentraFacts) : null);

/** Which e-mail each system knows this person by (Centra may keep another case). */
export function emailsFor(row: FactsColumns) {
  const g = gigsOf(row);
  const c = centraOf(row);
  return { gigsUserId: g?.u ?? null, gigsEmail: g?.e ?? row.emailKey, centraEmail: c?.e ?? row.emailKey };
}

export function headerIds(row: { gigs: string | null; centra: string | null }): HeaderIds {
  const g = gigsOf(row);
  const contracts = Object.entries(centraOf(row)?.k ?? {});
  return {
    gigsSubscriptionIds: g ? Object.keys(g.subs) : [],
    iccids: g
      ? Object.values(g.subs)
          .map((s) => s.i)
          .filter((i): i is string => Boolean(i))
      : [],
    centraContractIds: contracts.map(([id]) => id),
    centraSubscriptionIds: contracts.flatMap(([, k]) => Object.keys(k.subs)),
  };
}

export class CustomerLookup {
  constructor(private readonly store: CustomerIndexStore) {}

  async person(customerId: string): Promise<IndexedPerson | null> {
    const row = await this.store.factsById(customerId);
    if (!row) return null;
    return { customerId: row.id, emailKey: row.emailKey, email: row.email, name: row.name, ...emailsFor(row) };
  }

  /** A customer by subdesk id, as a Centra owner (for the contracts list filter and the reconciler). */
  async centraOwner(customerId: string): Promise<CentraOwner | null> {
    const row = await this.store.factsById(customerId);
    return row ? ownerFrom(row) : null;
  }

  /**
   * Keys share one namespace (a contract id may equal a Centra customer id), so a key hit is
   * confirmed against the row's Centra facts before it counts.
   */
  async ownerOfContract(contractId: number): Promise<CentraOwner | null> {
    const row = (await this.store.factsByKey(String(contractId))).find((r) => centraOf(r)?.k[String(contractId)]);
    return row ? ownerFrom(row) : null;
  }

  async ownerOfSubscription(subscriptionId: number): Promise<CentraOwner | null> {
    const row = (await this.store.factsByKey(String(subscriptionId))).find((r) =>
      Object.values(centraOf(r)?.k ?? {}).some((k) => String(subscriptionId) in k.subs),
    );
    return row ? ownerFrom(row) : null;
  }

  customerIdForGigsUser(userId: string): Promise<string | null> {
    return this.store.customerIdForGigsUser(userId);
  }
}

function ownerFrom(row: FactsRow): CentraOwner {
  return { customerId: row.id, centraEmail: emailsFor(row).centraEmail };
}
