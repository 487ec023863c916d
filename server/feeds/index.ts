import type { Deps } from '../deps.ts';
import type { Logger } from '../logger.ts';
import { storeFor, type Engine } from '../storage/engine.ts';
import { FeedApplier } from './applier.ts';
import { GigsEventApplier } from './gigs-apply.ts';
import { GigsWebhookVerifier } from './gigs-event.ts';
import { RefusalCounter } from './refusals.ts';
import { PgFeedInbox } from './store/postgres.ts';
import { SqliteFeedInbox } from './store/sqlite.ts';
import type { FeedInboxStore } from './store/types.ts';

/**
 * How often the applier on PostgreSQL looks for deliveries stored by the other instances: well
 * within the feed's aim of a change found by search in 2 s (README, feeds bench). One indexed
 * query a second (the backlog's partial index) on the lease holder.
 */
const SHARED_INBOX_LOOK_MS = 1000;

/** The change feeds: the durable inbox, its applier, and what each feed's endpoint checks. */
export type Feeds = {
  inbox: FeedInboxStore;
  /** Applies the inbox on the instance holding the background lease (startFeeds). */
  applier: FeedApplier;
  refusals: RefusalCounter;
  /** Null when Gigs webhooks are off: POST /webhooks/gigs answers 404. */
  gigs: GigsWebhookVerifier | null;
};

export function createFeeds(args: { engine: Engine; clock: () => Date; logger: Logger; gigsWebhookSecret?: string }): Feeds {
  const { inbox, lookEveryMs } = storeFor<{ inbox: FeedInboxStore; lookEveryMs: number | null }>(args.engine, {
    sqlite: ({ db }) => ({ inbox: new SqliteFeedInbox(db, args.clock), lookEveryMs: null }),
    // Deliveries another instance stored wake only that one: the lease holder looks for them.
    postgres: ({ db }) => ({ inbox: new PgFeedInbox(db, args.clock), lookEveryMs: SHARED_INBOX_LOOK_MS }),
  });
  return {
    inbox,
    applier: new FeedApplier(inbox, args.clock, args.logger, lookEveryMs),
    refusals: new RefusalCounter(args.clock),
    gigs: args.gigsWebhookSecret ? new GigsWebhookVerifier(args.gigsWebhookSecret) : null,
  };
}

/** Starts applying (what a crash left in the inbox first); Gigs deliveries stored earlier are applied even with webhooks now off. */
export function startFeeds(deps: Deps) {
  const { applier } = deps.feeds;
  applier.start({ gigs: new GigsEventApplier(deps, applier.inbox) });
}

export type { FeedName } from './store/types.ts';
