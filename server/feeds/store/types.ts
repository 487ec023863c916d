/** The upstreams whose change feeds land in the inbox (Centra's events join Gigs' webhooks later). */
export type FeedName = 'gigs' | 'centra';

/** One accepted delivery, as the route hands it over (the body exactly as signed). */
export type Delivery = { feed: FeedName; deliveryId: string; eventType: string; eventTime: string | null; objectId: string | null; body: string };

/** A delivery waiting to be applied. */
export type PendingDelivery = Delivery & { seq: number; attempts: number };

/** What applying a delivery did: changed the index, was older than what it has, or is not for it. */
export type Outcome = 'applied' | 'stale' | 'ignored' | 'refused';

/** What the inbox holds of one feed, for the status page (types and times only). */
export type InboxStatus = {
  lastReceived: { at: string; type: string } | null;
  lastApplied: { at: string; type: string; outcome: string | null } | null;
  /** Stored, not applied yet (including those waiting to be tried again). */
  backlog: number;
  /** Of the backlog, deliveries that failed at least once. */
  retrying: number;
};

/**
 * The durable inbox (table feed_inbox), shared by every instance: a delivery reaching any of them
 * is stored once, deduplicated by its feed and delivery id in the database (a unique index), so
 * an upstream's retry reaching the other instance is a no-op there too. Built per engine by
 * server/feeds/index.ts through storeFor.
 */
export type FeedInboxStore = {
  /**
   * Stores a delivery durably. Resolves true once it is on disk, false when this delivery id was
   * already there (a retry or a duplicate): either way the sender may be answered 2xx.
   */
  accept(delivery: Delivery): Promise<boolean>;
  /** Called after each commit that stored something new (the applier wakes up). */
  onStored: () => void;
  /** performance.now() of the last commit of new deliveries: tells the applier a burst is arriving. */
  lastStoredAt: number;
  status(feed: FeedName): Promise<InboxStatus>;
  /**
   * Forgets applied deliveries received before `before`: past the upstream's retry window a
   * duplicate can no longer arrive. Unapplied ones stay whatever their age.
   */
  prune(before: Date): Promise<number>;
  /** Waits for the commit under way (shutdown). */
  close(): Promise<void>;
};
