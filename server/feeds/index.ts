import type { Db } from '../../db/connection.ts';
import type { Deps } from '../deps.ts';
import type { Logger } from '../logger.ts';
import { FeedApplier } from './applier.ts';
import { GigsEventApplier } from './gigs-apply.ts';
import { GigsWebhookVerifier } from './gigs-event.ts';
import { FeedInbox } from './inbox.ts';
import { RefusalCounter } from './refusals.ts';

/** The change feeds: the durable inbox, its applier, and what each feed's endpoint checks. */
export type Feeds = {
  inbox: FeedInbox;
  applier: FeedApplier;
  refusals: RefusalCounter;
  /** Null when Gigs webhooks are off: POST /webhooks/gigs answers 404. */
  gigs: GigsWebhookVerifier | null;
};

export function createFeeds(args: { db: Db; clock: () => Date; logger: Logger; gigsWebhookSecret?: string }): Feeds {
  const inbox = new FeedInbox(args.db, args.clock);
  return {
    inbox,
    applier: new FeedApplier(args.db, inbox, args.clock, args.logger),
    refusals: new RefusalCounter(args.clock),
    gigs: args.gigsWebhookSecret ? new GigsWebhookVerifier(args.gigsWebhookSecret) : null,
  };
}

/** Starts applying (what a crash left in the inbox first); Gigs deliveries stored earlier are applied even with webhooks now off. */
export function startFeeds(deps: Deps) {
  deps.feeds.applier.start({ gigs: new GigsEventApplier(deps, deps.feeds.inbox) });
}

export async function stopFeeds(deps: Deps) {
  await deps.feeds.applier.stop();
  await deps.feeds.inbox.close();
}

export type { FeedName } from './inbox.ts';
