import type { Reconciler } from './reconcile.ts';
import { centraReconcilers } from '../centra/reconcile.ts';
import { reconcileConnectSessionCreate } from '../gigs/reconcile.ts';
import { CREATE_ACTION } from '../gigs/create-session.ts';

/**
 * How to settle each action that runAction can leave `requested` (a crash between the request and
 * its outcome), read by reconcilePending at the start and every few minutes (reconcile-schedule.ts).
 * Whatever builds the app settles them all; runAction only takes an action named here
 * (ReconciledAction), so a new action cannot forget its reconciler.
 */
export const RECONCILERS = {
  ...centraReconcilers,
  [CREATE_ACTION]: reconcileConnectSessionCreate,
} satisfies Record<string, Reconciler>;

export type ReconciledAction = keyof typeof RECONCILERS;
