import type { FeedName } from './store/types.ts';

const MINUTE_MS = 60_000;
const WINDOW_MINUTES = 60;

/**
 * Deliveries refused (bad, missing or stale signature) per feed over the last hour, in one counter
 * per minute. Nothing is written per refusal: a forger can send as many as they like and this
 * stays sixty numbers per feed (the status page shows the sum). Kept in memory: a restart starts
 * the hour again.
 */
export class RefusalCounter {
  private readonly minutes = new Map<FeedName, Map<number, number>>();

  constructor(private readonly clock: () => Date) {}

  note(feed: FeedName) {
    const minute = Math.floor(this.clock().getTime() / MINUTE_MS);
    let counts = this.minutes.get(feed);
    if (!counts) this.minutes.set(feed, (counts = new Map()));
    counts.set(minute, (counts.get(minute) ?? 0) + 1);
    if (counts.size > WINDOW_MINUTES) for (const m of counts.keys()) if (m <= minute - WINDOW_MINUTES) counts.delete(m);
  }

  lastHour(feed: FeedName): number {
    const from = Math.floor(this.clock().getTime() / MINUTE_MS) - WINDOW_MINUTES;
    let sum = 0;
    for (const [m, n] of this.minutes.get(feed) ?? []) if (m > from) sum += n;
    return sum;
  }
}
