/** The upstreams whose change feeds land in the inbox (Centra's events join Gigs' webhooks later). */
export type FeedName = 'gigs' | 'centra';

/** One accepted delivery, as the route hands it over (the body exactly as signed). */
export type Delivery = { feed: FeedName; deliveryId: string; eventType: string; eventTime: string | null; objectId: string | null; body: string };

/** A delivery waiting to be applied. */
export type PendingDelivery = Delivery & { seq: number; attempts: number };

/** What applying a delivery did: changed the index, was older than what it has, or is not for it. */
export type Outcome = 'applied' | 'stale' | 'ignored' | 'refused';

/** A delivery applied: what it did, and the upstream time the state it wrote stands for (compared by versionOf). */
export type AppliedDelivery = { seq: number; outcome: Outcome; asOf: string | null };

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

  // The applier's side (server/feeds/applier.ts): only the instance holding the background lease
  // applies, but the rows are shared, so each write is safe if another instance's applier had
  // just lost the lease while finishing a slice.

  /** Deliveries of one feed that are due (never applied, and not waiting for a retry), oldest first. */
  due(feed: FeedName, limit: number): Promise<PendingDelivery[]>;
  /** When the earliest delivery that failed may be tried again (null: none waits). */
  nextRetryAt(feed: FeedName): Promise<string | null>;
  /**
   * Marks deliveries applied, in one commit. Each is marked once: one already marked (by an
   * applier that lost the lease meanwhile) keeps what it says. Returns how many were marked.
   */
  markDone(applied: AppliedDelivery[]): Promise<number>;
  /** Leaves a delivery for later, tried again at `retryAt`: the reason is kept for the status page. */
  markFailed(seq: number, retryAt: Date, reason: string): Promise<void>;
  /** The upstream time of the newest state applied for this object (null: none applied yet). */
  versionOf(feed: FeedName, objectId: string): Promise<string | null>;
};
