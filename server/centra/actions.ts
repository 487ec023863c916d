import type { Deps } from '../deps.ts';
import type { RequestOrigin } from '../audit/log.ts';
import { runAction } from '../audit/action.ts';
import type { ReconciledAction } from '../audit/reconcilers.ts';
import { errorForAudit } from '../audit/errors-for-audit.ts';
import { refreshCustomer } from '../customers/live/refresh.ts';
import { type AppError, badRequest, conflict } from '../http/errors.ts';
import type { CentraContract, CentraProduct, CentraSubscription } from '../upstream/centra.ts';
import { locateContract, locateSubscription, type LocatedContract, type LocatedSubscription } from './owner.ts';
import { intervalOptions, quantityIncrease, transitionRefusal } from './rules.ts';
import { centraRefusal } from './refusals.ts';
import type { AddressBody, StatusBody } from './schemas.ts';
import { addressBodyFor } from './address.ts';
import { ADDRESS_LABELS } from './address-fields.ts';
import { validationError } from '../http/validate.ts';

/**
 * The four changes an agent makes on Centra. Each one:
 * 1. reads what it needs live (the contract, and the catalogue when a rule depends on it);
 * 2. checks Centra's rule locally; a refusal is a 409 with nothing sent, recorded as ONE `failed`
 *    entry (error.stage "localRule", no `requested`: there was nothing to request), so the
 *    attempt and its reason still show on the customer's History tab;
 * 3. runs the write through runAction (requested → succeeded/failed, before = what was just read,
 *    after = Centra's answer) and refreshes the customer's index row afterwards;
 * 4. turns Centra's own rule refusals into a 409 the agent can act on (refusals.ts).
 * A failure while reading (step 1) is recorded as a `failed` entry with stage "read".
 * Centra's writes carry no idempotency key, and the transport never retries them.
 */

type Base = { action: ReconciledAction; target: { type: string; id: string }; request: unknown };
type Deps4 = Pick<Deps, 'customers' | 'centra' | 'audit' | 'logger' | 'gigs' | 'config'>;

async function act<L extends LocatedContract, T>(
  origin: RequestOrigin,
  deps: Deps4,
  base: Base,
  steps: {
    locate: () => Promise<L>;
    /** Checks the input against what was read (a 400, nothing recorded: bad input is not an attempt). */
    validateInput?: (l: L) => void;
    needsProducts?: boolean;
    before: (l: L) => unknown;
    check?: (l: L, products: CentraProduct[]) => AppError | null;
    perform: (l: L) => Promise<T>;
  },
): Promise<T> {
  let located: L | undefined;
  let products: CentraProduct[] = [];
  const failed = (stage: string, err: unknown) =>
    deps.audit.append({
      ...origin,
      ...base,
      customerId: located?.customerId ?? null,
      outcome: 'failed',
      before: located ? steps.before(located) : undefined,
      error: { stage, ...(errorForAudit(err) as object) },
    });
  try {
    located = await steps.locate();
    if (steps.needsProducts) products = await deps.centra.listProducts();
  } catch (err) {
    await failed('read', err);
    throw err;
  }
  steps.validateInput?.(located);
  const refusal = steps.check?.(located, products) ?? null;
  if (refusal) {
    await failed('localRule', refusal);
    throw refusal;
  }
  const l = located;
  try {
    return await runAction(origin, deps, {
      ...base,
      customerId: l.customerId,
      readBefore: async () => steps.before(l),
      perform: () => steps.perform(l),
      onSettled: async () => {
        await refreshCustomer(deps, l.customerId);
      },
    });
  } catch (err) {
    throw centraRefusal(err);
  }
}

export async function changeAddress(origin: RequestOrigin, deps: Deps4, contractId: number, body: AddressBody): Promise<CentraContract> {
  let address = body;
  return act(
    origin,
    deps,
    { action: 'centra.contract.address', target: { type: 'centra-contract', id: String(contractId) }, request: body },
    {
      locate: () => locateContract(deps, contractId),
      validateInput: (l) => {
        const parsed = addressBodyFor(l.contract).safeParse(body);
        if (!parsed.success) throw validationError(parsed.error, 'address', ADDRESS_LABELS);
        address = parsed.data;
      },
      before: (l) => l.contract,
      check: (l) =>
        l.contract.subscriptions.some((s) => s.status !== 'cancelled')
          ? null
          : conflict(`Every subscription on contract ${contractId} is cancelled, so there is nothing left to ship to this address. Nothing was sent.`),
      perform: (l) => deps.centra.updateAddress({ customer: l.centraEmail, contract: contractId, ...address }),
    },
  );
}

const subscriptionTarget = (id: number) => ({ type: 'centra-subscription', id: String(id) });
const productName = (s: CentraSubscription) =>
  s.lines.map((l) => [l.productName || l.item, l.size].filter(Boolean).join(' ')).join(', ') || `subscription ${s.id}`;

export async function changeInterval(origin: RequestOrigin, deps: Deps4, subscriptionId: number, planId: string): Promise<CentraSubscription> {
  return act<LocatedSubscription, CentraSubscription>(
    origin,
    deps,
    { action: 'centra.subscription.interval', target: subscriptionTarget(subscriptionId), request: { planId } },
    {
      locate: () => locateSubscription(deps, subscriptionId),
      needsProducts: true,
      before: (l) => l.subscription,
      check: (l, products) => {
        const s = l.subscription;
        if (s.status === 'cancelled') return conflict('This subscription is cancelled; its interval cannot change. Nothing was sent.');
        const options = intervalOptions(s, products);
        if (!options.length) {
          return conflict(
            `${productName(s)} is no longer in any subscription plan, so the interval cannot change. Nothing was sent. For another schedule, the customer subscribes again to a product that is in a plan.`,
            { planId: 'no plan offers this item now' },
          );
        }
        if (!options.some((o) => o.planId === planId)) {
          const offered = options.map((o) => `${o.name} (id ${o.planId})`).join(', ');
          return conflict(`Plan ${planId} does not offer ${productName(s)} now. Nothing was sent. Plans offering it: ${offered}.`, {
            planId: 'does not offer this item now',
          });
        }
        return null;
      },
      perform: () => deps.centra.updateInterval(subscriptionId, planId),
    },
  );
}

export async function changeStatus(origin: RequestOrigin, deps: Deps4, subscriptionId: number, body: StatusBody): Promise<CentraSubscription> {
  return act<LocatedSubscription, CentraSubscription>(
    origin,
    deps,
    { action: 'centra.subscription.status', target: subscriptionTarget(subscriptionId), request: body },
    {
      locate: () => locateSubscription(deps, subscriptionId),
      before: (l) => l.subscription,
      check: (l) => {
        const why = transitionRefusal(l.subscription.status, body.status);
        return why ? conflict(why, { status: why }) : null;
      },
      perform: () => deps.centra.updateStatus(subscriptionId, body.status),
    },
  );
}

export async function changeQuantity(origin: RequestOrigin, deps: Deps4, subscriptionId: number, quantity: number): Promise<CentraSubscription> {
  return act<LocatedSubscription, CentraSubscription>(
    origin,
    deps,
    { action: 'centra.subscription.quantity', target: subscriptionTarget(subscriptionId), request: { quantity } },
    {
      locate: () => locateSubscription(deps, subscriptionId),
      needsProducts: true,
      before: (l) => l.subscription,
      check: (l, products) => {
        const s = l.subscription;
        if (s.status === 'cancelled') return conflict('This subscription is cancelled; its quantity cannot change. Nothing was sent.');
        if (quantity === s.quantity) return badRequest(`The quantity is already ${quantity}; nothing was sent.`, { quantity: `is already ${quantity}` });
        if (quantity > s.quantity) {
          const rule = quantityIncrease(s, products);
          if (!rule.allowed) return conflict(`${rule.reason} Nothing was sent.`, { quantity: 'cannot be increased' });
        }
        return null;
      },
      perform: (l) => deps.centra.updateQuantity(l.centraEmail, l.contract.id, subscriptionId, quantity),
    },
  );
}
