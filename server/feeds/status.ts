import type { Feeds } from './index.ts';
import type { FeedName, InboxStatus } from './store/types.ts';

export type FeedStatus = InboxStatus & {
  feed: FeedName;
  /** Deliveries are accepted (Gigs: GIGS_WEBHOOK_SECRET set, or the sandbox delivering to subdesk). */
  on: boolean;
  /** Deliveries refused in the last hour (bad, missing or stale signature). */
  refusedLastHour: number;
  lastError: { at: string; message: string } | null;
};

/** The change feeds as the status page shows them (no personal data: types and times only). */
export async function feedsStatus(feeds: Feeds): Promise<FeedStatus[]> {
  const status = async (feed: FeedName, on: boolean): Promise<FeedStatus> => ({
    feed,
    on,
    ...(await feeds.inbox.status(feed)),
    refusedLastHour: feeds.refusals.lastHour(feed),
    lastError: feeds.applier.lastError.get(feed) ?? null,
  });
  return [await status('gigs', feeds.gigs !== null)];
}
