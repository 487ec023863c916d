import type { Deps } from '../deps.ts';
import type { AuditEntry } from './log.ts';
import { newRequestId } from './log.ts';
import { errorForAudit } from './errors-for-audit.ts';
import { RECONCILERS } from './reconcilers.ts';
import { presentRow, type StoredRow } from './query.ts';

/** A `requested` entry with no outcome, its JSON columns parsed (secrets were redacted when stored). */
export type PendingAction = Omit<AuditEntry, 'request' | 'before' | 'after' | 'error'> & { request: unknown; before: unknown };

/**
 * What the upstream says happened. Return null when it cannot tell yet (the upstream is down):
 * the entry stays pending and is tried again by the next pass.
 */
export type Settlement = { outcome: 'succeeded' | 'failed'; after?: unknown; error?: unknown; upstreamRef?: string | null } | null;

export type Reconciler = (entry: PendingAction, deps: Deps) => Promise<Settlement>;

/** Reconcilers by action (`centra.subscription.status`) or by prefix (`centra.subscription`, `centra.*`). */
export type Reconcilers = Readonly<Record<string, Reconciler>>;

const normalize = (prefix: string) => prefix.replace(/\.\*$|\.$/, '');

/** The reconciler for `action`: the longest key that is the action or a prefix of it on a dot boundary. */
export function reconcilerFor(action: string, reconcilers: Reconcilers): Reconciler | undefined {
  let best: string | undefined;
  for (const prefix of Object.keys(reconcilers)) {
    const key = normalize(prefix);
    if ((action === key || action.startsWith(`${key}.`)) && (!best || key.length > normalize(best).length)) best = prefix;
  }
  return best === undefined ? undefined : reconcilers[best];
}

export const UNRESOLVED_ACTION = 'audit.reconcile.unresolved';

export type ReconcileReport = {
  /** Entries looked at: pending, and old enough. */
  pending: number;
  settled: number;
  unresolved: number;
  /** Pending entries younger than `olderThan`, left for a later pass. */
  tooRecent: number;
};

export type ReconcileOptions = {
  /** The one list (reconcilers.ts) unless a test hands in others. */
  reconcilers?: Reconcilers;
  /**
   * Only entries recorded before this moment: younger ones may still be in flight on a live
   * instance (server/audit/reconcile-age.ts). None: every pending entry.
   */
  olderThan?: Date;
  /** Aborted: no further entry is taken (the lease was lost); the one being settled finishes. */
  signal?: AbortSignal;
};

/**
 * Settles `requested` entries left without an outcome by a crash, as actor "system", when an
 * instance gains the background lease and every few minutes while it holds it
 * (server/audit/reconcile-schedule.ts).
 *
 * - A reconciler answered: `succeeded`/`failed` is appended with the original requestId, action,
 *   target and customer, so the pair reads like any other action (request: {reconciledSeq}).
 * - No reconciler, it threw, or it could not tell: the entry is left as it is. It stays in the
 *   "outcome unknown" view for a person to check (a later pass asks again), because guessing
 *   `failed` could hide a change that did reach the upstream. One `audit.reconcile.unresolved`
 *   entry (outcome failed, target the pending seq) records that the reconciliation tried; it is
 *   written once per pending entry, not at every pass.
 */
export async function reconcilePending(deps: Deps, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const { reconcilers = RECONCILERS, olderThan, signal } = options;
  const all = await deps.auditStore.pendingEntries();
  const pending = olderThan ? all.filter((row) => Date.parse(row.time) < olderThan.getTime()) : all;
  const report: ReconcileReport = { pending: pending.length, settled: 0, unresolved: 0, tooRecent: all.length - pending.length };

  for (const row of pending) {
    if (signal?.aborted) break;
    const entry = toPending(row);
    const origin = { requestId: entry.requestId, actor: { type: 'system' as const } };
    const reconciler = reconcilerFor(entry.action, reconcilers);
    let settlement: Settlement = null;
    let why = 'no reconciler is known for this action';
    if (reconciler) {
      try {
        settlement = await reconciler(entry, deps);
        if (!settlement) why = 'the upstream could not tell yet';
      } catch (err) {
        why = `the reconciler failed: ${(errorForAudit(err) as { message?: string }).message ?? String(err)}`;
      }
    }
    if (settlement) {
      await deps.audit.append({
        ...origin,
        action: entry.action,
        outcome: settlement.outcome,
        target: entry.targetType && entry.targetId ? { type: entry.targetType, id: entry.targetId } : null,
        customerId: entry.customerId,
        request: { reconciledSeq: entry.seq },
        before: entry.before,
        after: settlement.after,
        error: settlement.error,
        upstreamRef: settlement.upstreamRef ?? null,
      });
      report.settled++;
      continue;
    }
    report.unresolved++;
    if (await deps.auditStore.hasEntryAbout({ type: 'audit-event', id: String(entry.seq) }, UNRESOLVED_ACTION)) continue;
    await deps.audit.append({
      requestId: newRequestId(),
      actor: { type: 'system' },
      action: UNRESOLVED_ACTION,
      outcome: 'failed',
      target: { type: 'audit-event', id: String(entry.seq) },
      customerId: entry.customerId,
      request: { pendingSeq: entry.seq, pendingRequestId: entry.requestId, pendingAction: entry.action },
      error: { message: `outcome unknown: ${why}` },
    });
  }
  if (report.pending) deps.logger.info('audit reconciliation', report);
  return report;
}

/** The entry as the API presents it, without what a pending action has not got yet (after, error). */
function toPending(r: StoredRow): PendingAction {
  const { id: _id, after: _after, error: _error, ...entry } = presentRow(r);
  return entry as PendingAction;
}
