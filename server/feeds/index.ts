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

/** The change feeds: the durable inbox, its applier, and what each feed's endpoint checks. */
export type Feeds = {
  inbox: FeedInboxStore;
  /**
   * Null on PostgreSQL for now: applying writes the customer index inside the applier's own
   * transaction, and that index is not yet behind an async store (docs/postgres.md, "What is
   * missing"). Deliveries are stored there all the same, and wait in the inbox.
   */
  applier: FeedApplier | null;
  refusals: RefusalCounter;
  /** Null when Gigs webhooks are off: POST /webhooks/gigs answers 404. */
  gigs: GigsWebhookVerifier | null;
};

export function createFeeds(args: { engine: Engine; clock: () => Date; logger: Logger; gigsWebhookSecret?: string }): Feeds {
  const { inbox, applier } = storeFor<Pick<Feeds, 'inbox' | 'applier'>>(args.engine, {
    sqlite: ({ db }) => {
      const sqliteInbox = new SqliteFeedInbox(db, args.clock);
      return { inbox: sqliteInbox, applier: new FeedApplier(db, sqliteInbox, args.clock, args.logger) };
    },
    postgres: ({ db }) => ({ inbox: new PgFeedInbox(db, args.clock), applier: null }),
  });
  return {
    inbox,
    applier,
    refusals: new RefusalCounter(args.clock),
    gigs: args.gigsWebhookSecret ? new GigsWebhookVerifier(args.gigsWebhookSecret) : null,
  };
}

/** Starts applying (what a crash left in the inbox first); Gigs deliveries stored earlier are applied even with webhooks now off. */
export function startFeeds(deps: Deps) {
  const { applier } = deps.feeds;
  applier?.start({ gigs: new GigsEventApplier(deps, applier.inbox) });
}

export type { FeedName } from './store/types.ts';
