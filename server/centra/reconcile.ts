import type { Deps } from '../deps.ts';
import type { PendingAction, Reconciler, Settlement } from '../audit/reconcile.ts';
import type { CentraContract, CentraSubscription } from '../upstream/centra.ts';
import type { CentraOwner } from '../customers/index/lookup.ts';

/**
 * Start-up settlement of Centra changes left `requested` by a crash: read the contract again and
 * look whether the requested change is visible. Centra's writes are synchronous, so "not visible"
 * means it did not apply → failed. When the owner or the contract cannot be found, say nothing
 * (null): the entry stays "outcome unknown" for a person to check. An upstream error propagates,
 * which reconcilePending also treats as "cannot tell yet".
 */

async function ownerFor(entry: PendingAction, deps: Deps, kind: 'contract' | 'subscription'): Promise<CentraOwner | null> {
  const id = Number(entry.targetId);
  if (!Number.isInteger(id)) return null;
  const { lookup } = deps.customers;
  return (
    (entry.customerId ? await lookup.centraOwner(entry.customerId) : null) ??
    (kind === 'contract' ? await lookup.ownerOfContract(id) : await lookup.ownerOfSubscription(id))
  );
}

async function readContract(entry: PendingAction, deps: Deps): Promise<CentraContract | null> {
  const owner = await ownerFor(entry, deps, 'contract');
  if (!owner) return null;
  return (await deps.centra.getContracts(owner.centraEmail)).find((k) => k.id === Number(entry.targetId)) ?? null;
}

async function readSubscription(entry: PendingAction, deps: Deps): Promise<CentraSubscription | null> {
  const owner = await ownerFor(entry, deps, 'subscription');
  if (!owner) return null;
  for (const k of await deps.centra.getContracts(owner.centraEmail)) {
    const s = k.subscriptions.find((x) => x.id === Number(entry.targetId));
    if (s) return s;
  }
  return null;
}

const settle = (visible: boolean, after: unknown, what: string): Settlement =>
  visible
    ? { outcome: 'succeeded', after }
    : { outcome: 'failed', after, error: { message: `after a restart, Centra does not show the requested ${what}: the change did not apply` } };

const ADDRESS_FIELDS = ['firstName', 'lastName', 'address1', 'address2', 'zipCode', 'city', 'phoneNumber', 'email'] as const;

type Request = Record<string, unknown>;

/** Read by the one list of reconcilers (server/audit/reconcilers.ts). */
export const centraReconcilers = {
  'centra.contract.address': async (entry, deps) => {
    const contract = await readContract(entry, deps);
    if (!contract) return null;
    const wanted = (entry.request ?? {}) as Request;
    const a = contract.shippingAddress as Record<string, string>;
    const visible = ADDRESS_FIELDS.every((f) => wanted[f] === undefined || String(wanted[f]).trim() === (a[f] ?? '').trim());
    return settle(visible, contract, 'address');
  },
  'centra.subscription.interval': async (entry, deps) => {
    const s = await readSubscription(entry, deps);
    if (!s) return null;
    return settle(s.plan?.id === String((entry.request as Request)?.planId), s, 'plan');
  },
  'centra.subscription.status': async (entry, deps) => {
    const s = await readSubscription(entry, deps);
    if (!s) return null;
    return settle(s.status === (entry.request as Request)?.status, s, 'status');
  },
  'centra.subscription.quantity': async (entry, deps) => {
    const s = await readSubscription(entry, deps);
    if (!s) return null;
    return settle(s.quantity === Number((entry.request as Request)?.quantity), s, 'quantity');
  },
} satisfies Record<string, Reconciler>;
