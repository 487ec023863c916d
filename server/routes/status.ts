import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { allow, STAFF_ROLES } from '../http/access.ts';
import { customersOf } from '../customers/service.ts';
import { presentRun } from '../customers/status.ts';
import { feedsStatus } from '../feeds/status.ts';

/**
 * The status page's data: the last crawl (time, duration, counts, errors), whether one is running
 * and how far it got, the change feeds (last delivery received and applied, backlog, refusals),
 * and counts per upstream from the index. Aggregates only: any signed-in role may read it.
 */
export const statusRoutes = new Hono<AppEnv>().get('/status', allow(...STAFF_ROLES.everyone), (c) => {
  const deps = c.get('deps');
  const { crawler, stats } = customersOf(deps);
  const last = crawler.ledger.last();
  const lastSucceeded = crawler.ledger.lastSucceeded();
  return c.json({
    crawl: {
      running: crawler.running,
      progress: crawler.progress,
      intervalSeconds: deps.config.SYNC_INTERVAL_SECONDS,
      scheduledKind: deps.config.feedsOn ? 'full' : 'incremental',
      last: presentRun(last),
      lastSucceeded: presentRun(lastSucceeded),
    },
    feeds: feedsStatus(deps.db, deps.feeds),
    index: stats.counts(`${last?.id ?? 0}:${last?.status ?? ''}`),
  });
});
