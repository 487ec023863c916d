import { useMemo } from 'react';
import type { TimelineLine } from '../../../server/timeline/lines.ts';
import { isReasonCode } from '../../centra/labels.ts';
import { intentWords } from '../../gigs/intents.ts';
import { useFormat, useT, type Format, type Translate } from '../../i18n/index.ts';

/**
 * An audit line in plain words, for the support timeline (and any list of audit entries: the
 * audit log can call `describeEntry` on its rows). The sentences are messages with %{placeholders}
 * (`timeline.*` in admin/i18n/), never glued from pieces, so a translation can reorder them.
 *
 * Written in the SPA, not on the server: the words are the reader's (their language, their
 * locale's intervals), and the server keeps sending the facts both the audit log and this view show.
 */
export type Words = { t: Translate; format: Pick<Format, 'interval'> };

export type Described = {
  /** What happened, in one sentence. */
  what: string;
  /** Why (the reason given), what went wrong, what else to know: a sentence each, often none. */
  details: string[];
};

type Json = Record<string, unknown> | null | undefined;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : typeof v === 'number' ? String(v) : null);

/** "Paper Coffee Filters 1 kg (every 3 months)", from a Centra subscription as the entry kept it. */
function product({ t, format }: Words, sub: Json, fallbackId: string | null): string {
  const lines = Array.isArray(sub?.lines) ? (sub!.lines as Json[]) : [];
  const names = lines
    .map((l) => [str(l?.productName) ?? str(l?.item), str(l?.size)].filter(Boolean).join(' '))
    .filter(Boolean)
    .join(', ');
  const interval = obj(sub?.interval) as { type: string; value: number } | null;
  const name = names || t('timeline.subscription', { id: str(sub?.id) ?? fallbackId ?? '?' });
  return interval?.type ? t('timeline.productEvery', { product: name, interval: format.interval(interval) }) : name;
}

/** "Moving abroad: to Norway", from `{code, text}` (or a plain sentence). */
function reasonOf({ t }: Words, request: Json): string | null {
  const r = request?.reason;
  if (typeof r === 'string') return r;
  const o = obj(r);
  if (!o) return null;
  const label = isReasonCode(o.code) ? t(`reasons.${o.code}`) : str(o.code);
  const details = str(o.text);
  if (label && details) return t('timeline.reason', { reason: label, details });
  return label ?? details;
}

function addressOf(a: Json): string {
  return [str(a?.address1), str(a?.address2), [str(a?.zipCode), str(a?.city)].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** The Connect link's subject: the plan of the subscription it acts on, the plan to buy, or the add-on. */
function linkSubject({ t }: Words, before: Json): string | null {
  const sub = obj(before?.subscription);
  const plan = obj(before?.plan);
  const addon = obj(before?.addon);
  const planName = str(sub?.planName) ?? str(plan?.name);
  if (addon) return t('timeline.addonFor', { addon: str(addon.name) ?? str(addon.id) ?? '?', plan: planName ?? str(sub?.id) ?? '?' });
  if (sub) return planName ? t('timeline.planOf', { plan: planName, id: str(sub.id) ?? '' }) : t('timeline.subscription', { id: str(sub.id) ?? '?' });
  return planName;
}

function errorMessage(error: unknown): string | null {
  const e = obj(error);
  return str(e?.message) ?? str(e?.reason) ?? (typeof error === 'string' ? error : null);
}

export type Describable = Pick<TimelineLine, 'action' | 'outcome' | 'request' | 'before' | 'after' | 'error' | 'target'> & {
  viewers?: TimelineLine['viewers'];
};

/** Any audit entry (or timeline line) in plain words, in the language of `words.t`. */
export function describeEntry(e: Describable, words: Words): Described {
  const { t } = words;
  const linkOf = intentWords(t).link;
  const request = obj(e.request);
  const before = obj(e.before);
  const after = obj(e.after);
  const targetId = e.target?.id ?? null;
  let what: string;
  const details: string[] = [];
  switch (e.action) {
    case 'centra.subscription.status': {
      const status = str(request?.status) ?? str(after?.status);
      what =
        status === 'paused' || status === 'active' || status === 'cancelled'
          ? t(`timeline.status.${status}`, { product: product(words, before ?? after, targetId) })
          : e.action;
      const reason = reasonOf(words, request);
      if (reason) details.push(reason);
      break;
    }
    case 'centra.subscription.interval': {
      const plan = str(obj(after?.plan)?.name) ?? str(request?.planId) ?? '?';
      what = t('timeline.interval', { product: product(words, before ?? after, targetId), plan });
      break;
    }
    case 'centra.subscription.quantity':
      what = t('timeline.quantity', { product: product(words, before ?? after, targetId), quantity: str(request?.quantity) ?? '?' });
      break;
    case 'centra.contract.address':
      what = t('timeline.address', { contract: targetId ?? '?', address: addressOf(request ?? obj(after?.shippingAddress)) });
      break;
    case 'gigs.connectSession.create': {
      const link = linkOf(obj(request?.intent)?.type ?? after?.intent);
      const subject = linkSubject(words, before);
      what = subject ? t('timeline.linkSentFor', { link, subject }) : t('timeline.linkSent', { link });
      break;
    }
    case 'gigs.connectSession.callback':
    case 'gigs.connectSession.settle': {
      const outcome = str(after?.outcome) ?? (e.outcome === 'succeeded' ? 'completed' : 'failed');
      const link = linkOf(after?.intent);
      what =
        outcome === 'completed'
          ? t('timeline.linkCompleted', { link })
          : outcome === 'abandoned'
            ? t('timeline.linkAbandoned', { link })
            : t('timeline.linkFailed', { link, status: str(request?.status) ?? str(after?.gigsStatus) ?? outcome });
      if (after?.revokedBefore) details.push(t('timeline.revokedBefore'));
      break;
    }
    case 'gigs.connectSession.revoke':
      what = t('timeline.linkRevoked', { link: linkOf(before?.intent ?? after?.intent) });
      break;
    case 'customer.note.create':
      what = t('timeline.note', { text: str(after?.text) ?? str(request?.text) ?? '' });
      break;
    case 'customer.view':
      what = t('timeline.viewedBy', {
        viewers: (e.viewers ?? [])
          .map((v) => (v.count > 1 ? t('timeline.viewerTimes', { who: v.email ?? v.role ?? '?', count: v.count }) : (v.email ?? v.role ?? '?')))
          .join(', '),
      });
      break;
    default:
      // An action subdesk has no words for is named by its code.
      what = e.action;
  }
  const message = e.outcome === 'failed' || e.outcome === 'denied' ? errorMessage(e.error) : null;
  if (message) details.push(t('timeline.failed', { message }));
  if (e.outcome === 'unknown') details.push(t('timeline.unknown'));
  return { what, details };
}

/** describeEntry in the reader's language. */
export function useDescribeEntry(): (e: Describable) => Described {
  const t = useT();
  const format = useFormat();
  return useMemo(() => {
    const words = { t, format };
    return (e: Describable) => describeEntry(e, words);
  }, [t, format]);
}
