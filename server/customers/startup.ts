import type { Deps } from '../deps.ts';

/**
 * On start: the first crawl (full when the index was never filled, else incremental; either
 * resumes an interrupted one) runs in the background so the server answers at once, then a crawl
 * every SYNC_INTERVAL_SECONDS (0: none): incremental, or full with a change feed on (it then
 * reconciles what the feed missed, once a day by default).
 */
export function startCustomerIndex(deps: Deps) {
  const { crawler, contractWalk, centraEvents } = deps.customers;
  crawler.runOnStart().catch((err) => deps.logger.error('first crawl failed', { error: String(err) }));
  crawler.schedule(deps.config.SYNC_INTERVAL_SECONDS, deps.config.feedsOn ? 'full' : 'incremental');
  contractWalk.resume().catch((err) => deps.logger.error('the contract walk could not resume', { error: String(err) }));
  centraEvents.start();
}

export async function stopCustomerIndex(deps: Deps) {
  const { crawler, contractWalk, centraEvents } = deps.customers;
  await Promise.all([crawler.stop(), contractWalk.stop(), centraEvents.stop()]);
}
