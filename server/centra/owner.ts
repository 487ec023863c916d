import type { Deps } from '../deps.ts';
import { emailsFor } from '../customers/refresh.ts';
import type { CentraFacts } from '../customers/types.ts';
import type { CentraContract, CentraSubscription } from '../upstream/centra.ts';
import { AppError } from '../http/errors.ts';

/**
 * Which subdesk customer owns a Centra contract or subscription id. Centra's Shop API has no
 * "get contract by id": it lists contracts per customer e-mail. So we ask the local customer index
 * (its customer_keys table holds every contract and subscription id), then read that customer's
 * contracts live and pick the one wanted. The index is refreshed whenever a customer is viewed, so a
 * contract checked out a moment ago is found once its customer page has been opened.
 *
 * Keys share one namespace (a contract id may equal a Centra customer id), so a key hit is
 * confirmed against the row's Centra facts before it counts.
 */
export type Owner = { customerId: string; centraEmail: string };

type Row = { id: string; email_key: string; gigs: string | null; centra: string | null };

function ownersOfKey(deps: Pick<Deps, 'db'>, key: string): Row[] {
  return deps.db.$client
    .prepare(`SELECT c.id, c.email_key, c.gigs, c.centra FROM customer_keys k JOIN customers c ON c.seq = k.seq WHERE k.key = ? LIMIT 20`)
    .all(key) as Row[];
}

function ownerFrom(row: Row): Owner {
  return { customerId: row.id, centraEmail: emailsFor({ emailKey: row.email_key, gigs: row.gigs, centra: row.centra }).centraEmail };
}

const facts = (row: Row) => (row.centra ? (JSON.parse(row.centra) as CentraFacts) : null);

export function ownerOfContract(deps: Pick<Deps, 'db'>, contractId: number): Owner | null {
  const row = ownersOfKey(deps, String(contractId)).find((r) => facts(r)?.k[String(contractId)]);
  return row ? ownerFrom(row) : null;
}

export function ownerOfSubscription(deps: Pick<Deps, 'db'>, subscriptionId: number): Owner | null {
  const row = ownersOfKey(deps, String(subscriptionId)).find((r) => Object.values(facts(r)?.k ?? {}).some((k) => String(subscriptionId) in k.subs));
  return row ? ownerFrom(row) : null;
}

/** A customer's index row by subdesk id, as an Owner (for the list filter and the reconciler). */
export function ownerById(deps: Pick<Deps, 'db'>, customerId: string): Owner | null {
  const row = deps.db.$client.prepare('SELECT id, email_key, gigs, centra FROM customers WHERE id = ?').get(customerId) as Row | undefined;
  return row ? ownerFrom(row) : null;
}

const notIndexed = (what: string) =>
  new AppError(404, `${what} is not in subdesk's customer index. Search for the customer and open their page (that refreshes the index), then try again.`, {}, 'notIndexed');

export type LocatedContract = Owner & { contract: CentraContract };
export type LocatedSubscription = LocatedContract & { subscription: CentraSubscription };

/** The contract, read live from Centra, with its owner. 404 when neither the index nor Centra knows it. */
export async function locateContract(deps: Pick<Deps, 'db' | 'centra'>, contractId: number): Promise<LocatedContract> {
  const owner = ownerOfContract(deps, contractId);
  if (!owner) throw notIndexed(`Contract ${contractId}`);
  const contract = (await deps.centra.getContracts(owner.centraEmail)).find((k) => k.id === contractId);
  if (!contract) throw new AppError(404, `Centra no longer lists contract ${contractId} for ${owner.centraEmail}. Reload the customer page.`, {}, 'upstreamNotFound');
  return { ...owner, contract };
}

export async function locateSubscription(deps: Pick<Deps, 'db' | 'centra'>, subscriptionId: number): Promise<LocatedSubscription> {
  const owner = ownerOfSubscription(deps, subscriptionId);
  if (!owner) throw notIndexed(`Subscription ${subscriptionId}`);
  for (const contract of await deps.centra.getContracts(owner.centraEmail)) {
    const subscription = contract.subscriptions.find((s) => s.id === subscriptionId);
    if (subscription) return { ...owner, contract, subscription };
  }
  throw new AppError(404, `Centra no longer lists subscription ${subscriptionId} for ${owner.centraEmail}. Reload the customer page.`, {}, 'upstreamNotFound');
}
