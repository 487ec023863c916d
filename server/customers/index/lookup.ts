import type Database from 'better-sqlite3';
import type { Db } from '../../../db/connection.ts';
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

type Row = { id: string; email_key: string; email: string | null; name: string | null; gigs: string | null; centra: string | null };

export class CustomerLookup {
  private readonly byId: Database.Statement;
  private readonly byKey: Database.Statement;
  private readonly byGigsUser: Database.Statement;

  constructor(db: Db) {
    const s = db.$client;
    const columns = 'c.id, c.email_key, c.email, c.name, c.gigs, c.centra';
    this.byId = s.prepare(`SELECT ${columns} FROM customers c WHERE c.id = ?`);
    this.byKey = s.prepare(`SELECT ${columns} FROM customer_keys k JOIN customers c ON c.seq = k.seq WHERE k.key = ? LIMIT 20`);
    this.byGigsUser = s.prepare('SELECT id FROM customers WHERE gigs_user_id = ? LIMIT 1').pluck();
  }

  person(customerId: string): IndexedPerson | null {
    const row = this.byId.get(customerId) as Row | undefined;
    if (!row) return null;
    const emails = emailsFor({ emailKey: row.email_key, gigs: row.gigs, centra: row.centra });
    return { customerId: row.id, emailKey: row.email_key, email: row.email, name: row.name, ...emails };
  }

  /** A customer by subdesk id, as a Centra owner (for the contracts list filter and the reconciler). */
  centraOwner(customerId: string): CentraOwner | null {
    const row = this.byId.get(customerId) as Row | undefined;
    return row ? ownerFrom(row) : null;
  }

  /**
   * Keys share one namespace (a contract id may equal a Centra customer id), so a key hit is
   * confirmed against the row's Centra facts before it counts.
   */
  ownerOfContract(contractId: number): CentraOwner | null {
    const row = this.rowsWithKey(String(contractId)).find((r) => centraOf(r)?.k[String(contractId)]);
    return row ? ownerFrom(row) : null;
  }

  ownerOfSubscription(subscriptionId: number): CentraOwner | null {
    const row = this.rowsWithKey(String(subscriptionId)).find((r) => Object.values(centraOf(r)?.k ?? {}).some((k) => String(subscriptionId) in k.subs));
    return row ? ownerFrom(row) : null;
  }

  customerIdForGigsUser(userId: string): string | null {
    return (this.byGigsUser.get(userId) as string | undefined) ?? null;
  }

  private rowsWithKey(key: string): Row[] {
    return this.byKey.all(key) as Row[];
  }
}

function ownerFrom(row: Row): CentraOwner {
  return { customerId: row.id, centraEmail: emailsFor({ emailKey: row.email_key, gigs: row.gigs, centra: row.centra }).centraEmail };
}
