import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { allow } from '../http/access.ts';
import { presentRun } from '../customers/index/status.ts';
import { feedsStatus } from '../feeds/status.ts';

/**
 * The status page's data: the last crawl (time, duration, counts, errors), whether one is running
 * and how far it got, the change feeds (last delivery received and applied, backlog, refusals),
 * and counts per upstream from the index; whether PUBLIC_URL is an address customers and staff
 * really use. Aggregates and configuration only: any signed-in role may read it.
 */
export const statusRoutes = new Hono<AppEnv>().get('/status', allow('status', 'show'), async (c) => {
  const deps = c.get('deps');
  const { crawler, stats, contractListing, contractWalk, centraEvents } = deps.customers;
  const [last, lastSucceeded, phases, walk, activity] = await Promise.all([
    crawler.ledger.last(),
    crawler.ledger.lastSucceeded(),
    crawler.ledger.phases(),
    contractWalk.progress(),
    crawler.activity(),
  ]);
  const budgets = { gigs: deps.gigs.opts.budget?.stats() ?? null, centra: deps.centra.opts.budget?.stats() ?? null };
  const remaining = walk.running ? walk.total - walk.done + walk.queued : walk.queued;
  const perSecond = budgets.centra?.backgroundPerSecond;
  return c.json({
    systems: deps.config.used,
    crawl: {
      running: activity.running,
      progress: activity.progress,
      intervalSeconds: deps.config.SYNC_INTERVAL_SECONDS,
      scheduledKind: deps.config.feedsOn ? 'full' : 'incremental',
      last: presentRun(last),
      lastSucceeded: presentRun(lastSucceeded),
      // Each list's own state: a failed one resumes from its cursor at the next crawl.
      lists: phases.map((p) => ({ list: p.phase, done: p.done, items: p.items, resumeFrom: p.done ? null : p.cursor, error: last?.errors[p.phase] ?? null })),
    },
    centraContracts: {
      ...contractListing.status(),
      walk: { ...walk, remaining, etaSeconds: remaining && perSecond ? Math.ceil(remaining / perSecond) : null },
    },
    budgets,
    centraEvents: centraEvents.status(),
    feeds: await feedsStatus(deps.feeds),
    index: await stats.counts(`${last?.id ?? 0}:${last?.status ?? ''}`),
    publicAddress: deps.publicAddress.report(),
  });
});
