import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who an upstream call is for. Staff-facing calls (a customer page, an action, a Connect link)
 * go first; background work (crawls, settling links, applying change feeds) takes only its
 * share of each upstream's rate budget and waits while staff need it.
 */
export type CallPriority = 'staff' | 'background';

const current = new AsyncLocalStorage<CallPriority>();

/** Runs `work` with every upstream call it makes, however deep, counted as background work. */
export function inBackground<T>(work: () => Promise<T>): Promise<T> {
  return current.run('background', work);
}

/** The priority of the calls made here: staff unless inside `inBackground`. */
export function callPriority(): CallPriority {
  return current.getStore() ?? 'staff';
}
