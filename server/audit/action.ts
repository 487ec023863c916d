import type { RequestOrigin } from './log.ts';
import type { AuditTrail } from './trail.ts';
import type { Logger } from '../logger.ts';
import { errorForAudit } from './errors-for-audit.ts';
import type { ReconciledAction } from './reconcilers.ts';

export type ActionSpec<T> = {
  /** `<system>.<thing>.<verb>`, e.g. `centra.subscription.status`: one with a reconciler in reconcilers.ts. */
  action: ReconciledAction;
  target: { type: string; id: string };
  /** subdesk's customer id, so the entry shows on the customer's History tab. */
  customerId?: string | null;
  /** The validated input, as the agent sent it (secrets are redacted by record()). */
  request: unknown;
  /** Reads the current state from the upstream (the "before"). Runs before anything is logged or sent. */
  readBefore?: () => Promise<unknown>;
  /** The one upstream write. Pass the key on as the Gigs `Idempotency-Key` (Centra: as a reference). */
  perform: (idempotencyKey: string) => Promise<T>;
  /** What to store as "after"; defaults to the result itself. Leave out bearer links (Connect URLs). */
  describeAfter?: (result: T) => unknown;
  /** The upstream's id for what the call created or changed (a Connect session id, an order id). */
  upstreamRef?: (result: T) => string | null | undefined;
  /** Runs after the outcome is logged, success or failure: e.g. refresh the customer index. Its errors are logged, not thrown. */
  onSettled?: () => Promise<void>;
};

export type ActionDeps = { audit: AuditTrail; logger?: Logger };

/**
 * The one way a state-changing route touches an upstream (docs/architecture.md, "An action, step by step"):
 *
 * 1. `readBefore()`; if that fails nothing was sent: one `failed` entry, error rethrown.
 * 2. `requested` appended and committed (with before); nothing goes upstream before this commit.
 * 3. `perform(idempotencyKey)` with the request id as the key, so a retry (ours or the
 *    reconciliation's) cannot apply the change twice.
 * 4. `succeeded` (with after and upstreamRef) or `failed` (with the error) appended, same requestId.
 * 5. `onSettled()`; then the result is returned or the error rethrown unchanged, so app.onError
 *    maps an UpstreamError to 409/502/504.
 *
 * A crash between 2 and 4 leaves `requested` alone; start-up reconciliation settles it through the
 * action's reconciler in the one list (reconcilers.ts). Use one runAction per HTTP request:
 * the request id is the idempotency key.
 *
 * @example
 * // What server/centra/actions.ts does for a status change, without its local rule checks:
 * const located = await locateSubscription(deps, subscriptionId);
 * const after = await runAction(origin, deps, {
 *   action: 'centra.subscription.status',
 *   target: { type: 'centra-subscription', id: String(subscriptionId) },
 *   customerId: located.customerId,
 *   request: body,
 *   readBefore: async () => located.subscription,
 *   perform: () => deps.centra.updateStatus(subscriptionId, body.status),
 *   onSettled: async () => {
 *     await refreshCustomer(deps, located.customerId);
 *   },
 * });
 */
export async function runAction<T>(origin: RequestOrigin, deps: ActionDeps, spec: ActionSpec<T>): Promise<T> {
  const { audit, logger } = deps;
  const base = { ...origin, action: spec.action, target: spec.target, customerId: spec.customerId ?? null, request: spec.request };

  let before: unknown;
  if (spec.readBefore) {
    try {
      before = await spec.readBefore();
    } catch (err) {
      await audit.append({ ...base, outcome: 'failed', error: { stage: 'readBefore', ...(errorForAudit(err) as object) } });
      throw err;
    }
  }

  await audit.append({ ...base, outcome: 'requested', before });

  const settle = async () => {
    if (!spec.onSettled) return;
    try {
      await spec.onSettled();
    } catch (err) {
      logger?.warn('action settled, but its follow-up failed', { action: spec.action, requestId: origin.requestId, error: String(err) });
    }
  };

  let result: T;
  try {
    result = await spec.perform(origin.requestId);
  } catch (err) {
    await audit.append({ ...base, outcome: 'failed', before, error: errorForAudit(err) });
    await settle();
    throw err;
  }
  await audit.append({
    ...base,
    outcome: 'succeeded',
    before,
    after: spec.describeAfter ? spec.describeAfter(result) : result,
    upstreamRef: spec.upstreamRef?.(result) ?? null,
  });
  await settle();
  return result;
}
