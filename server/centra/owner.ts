import type { Deps } from '../deps.ts';
import type { CentraOwner } from '../customers/index/lookup.ts';
import type { CentraContract, CentraSubscription } from '../upstream/centra.ts';
import { AppError } from '../http/errors.ts';

/**
 * Centra's Shop API has no "get contract by id": it lists contracts per customer e-mail. So the
 * customer index says who owns a contract or subscription id (CustomerLookup), then that
 * customer's contracts are read live and the one wanted is picked. The index is refreshed
 * whenever a customer is viewed, so a contract checked out a moment ago is found once its
 * customer page has been opened.
 */
const notIndexed = (what: string) =>
  new AppError(
    404,
    `${what} is not in subdesk's customer index. Search for the customer and open their page (that refreshes the index), then try again.`,
    {},
    'notIndexed',
  );

export type LocatedContract = CentraOwner & { contract: CentraContract };
export type LocatedSubscription = LocatedContract & { subscription: CentraSubscription };

/** The contract, read live from Centra, with its owner. 404 when neither the index nor Centra knows it. */
export async function locateContract(deps: Pick<Deps, 'customers' | 'centra'>, contractId: number): Promise<LocatedContract> {
  const owner = await deps.customers.lookup.ownerOfContract(contractId);
  if (!owner) throw notIndexed(`Contract ${contractId}`);
  const contract = (await deps.centra.getContracts(owner.centraEmail)).find((k) => k.id === contractId);
  if (!contract)
    throw new AppError(404, `Centra no longer lists contract ${contractId} for ${owner.centraEmail}. Reload the customer page.`, {}, 'upstreamNotFound');
  return { ...owner, contract };
}

export async function locateSubscription(deps: Pick<Deps, 'customers' | 'centra'>, subscriptionId: number): Promise<LocatedSubscription> {
  const owner = await deps.customers.lookup.ownerOfSubscription(subscriptionId);
  if (!owner) throw notIndexed(`Subscription ${subscriptionId}`);
  for (const contract of await deps.centra.getContracts(owner.centraEmail)) {
    const subscription = contract.subscriptions.find((s) => s.id === subscriptionId);
    if (subscription) return { ...owner, contract, subscription };
  }
  throw new AppError(404, `Centra no longer lists subscription ${subscriptionId} for ${owner.centraEmail}. Reload the customer page.`, {}, 'upstreamNotFound');
}
