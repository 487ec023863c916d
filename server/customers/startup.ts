import type { Deps } from '../deps.ts';
import { customersOf } from './service.ts';

/**
 * On start: the first crawl (full when the index was never filled, else incremental; either
 * resumes an interrupted one) runs in the background so the server answers at once, then
 * incremental crawls every SYNC_INTERVAL_SECONDS (0: none).
 */
export function startCustomerIndex(deps: Deps) {
  const { crawler, contractWalk, centraEvents } = customersOf(deps);
  crawler.runOnStart().catch((err) => deps.logger.error('first crawl failed', { error: String(err) }));
  crawler.schedule(deps.config.SYNC_INTERVAL_SECONDS);
  contractWalk.resume();
  centraEvents.start();
}

export async function stopCustomerIndex(deps: Deps) {
  const { crawler, contractWalk, centraEvents } = customersOf(deps);
  await Promise.all([crawler.stop(), contractWalk.stop(), centraEvents.stop()]);
}
