import { STATUS_COLOR } from '../customers/format.ts';
import type { GigsSubscription } from '../customers/types.ts';
import type { Locale } from '../../server/vocabulary/index.ts';
import { useFormat, useStatusWord, useT, type Translate } from '../i18n/index.ts';

/** "19 Dec", with the year only when it is not this one ("3 Jan 2025"), in the reader's locale. */
function dayMonth(iso: string, now: Date, locale: Locale): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale, { day: 'numeric', month: 'short', ...(d.getFullYear() === now.getFullYear() ? {} : { year: 'numeric' }) });
}

type Words = { t: Translate; status: (status: string) => string; locale: Locale };

/**
 * A Gigs subscription's state as it will play out: one that is cancelled but still running until
 * its end date says "Cancels 19 Dec" (Gigs still calls it active), an ended one when it ended.
 */
export function subscriptionState(
  s: Pick<GigsSubscription, 'status' | 'endedAt'>,
  { t, status, locale }: Words,
  now = new Date(),
): { label: string; color: (typeof STATUS_COLOR)[string] } {
  if (s.endedAt && s.status !== 'ended' && new Date(s.endedAt) > now)
    return { label: t('gigsTab.cancels', { day: dayMonth(s.endedAt, now, locale) }), color: 'warning' };
  if (s.status === 'ended' && s.endedAt) return { label: t('gigsTab.endedOn', { day: dayMonth(s.endedAt, now, locale) }), color: 'default' };
  return { label: status(s.status), color: STATUS_COLOR[s.status] ?? 'default' };
}

/** subscriptionState in the reader's language. */
export function useSubscriptionState() {
  const t = useT();
  const status = useStatusWord();
  const { locale } = useFormat();
  return (s: Pick<GigsSubscription, 'status' | 'endedAt'>) => subscriptionState(s, { t, status, locale });
}
