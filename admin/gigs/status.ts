import { STATUS_COLOR } from '../customers/format.ts';
import type { GigsSubscription } from '../customers/types.ts';

/** "19 Dec", with the year only when it is not this one ("3 Jan 2025"). */
function dayMonth(iso: string, now: Date): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) });
}

/**
 * A Gigs subscription's state as it will play out: one that is cancelled but still running until
 * its end date says "Cancels 19 Dec" (Gigs still calls it active), an ended one when it ended.
 */
export function subscriptionState(s: Pick<GigsSubscription, 'status' | 'endedAt'>, now = new Date()): { label: string; color: (typeof STATUS_COLOR)[string] } {
  if (s.endedAt && s.status !== 'ended' && new Date(s.endedAt) > now) return { label: `Cancels ${dayMonth(s.endedAt, now)}`, color: 'warning' };
  if (s.status === 'ended' && s.endedAt) return { label: `Ended ${dayMonth(s.endedAt, now)}`, color: 'default' };
  return { label: s.status, color: STATUS_COLOR[s.status] ?? 'default' };
}
