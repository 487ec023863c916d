import type { TimelineLine } from '../../../server/timeline/lines.ts';
import { REASONS } from '../../centra/labels.ts';
import { LINK_NAME, type IntentType } from '../../gigs/intents.ts';
import { formatInterval } from '../../../server/vocabulary/index.ts';

/**
 * An audit line in plain words, for the support timeline (and any list of audit entries: the
 * audit log can call `describeEntry` on its rows). The sentences are messages with %{placeholders},
 * never glued from pieces, so a translation can reorder them; the SPA's language support will
 * swap `t` for react-admin's translate without touching the callers.
 *
 * Written in the SPA, not on the server: the words are the reader's (their language, later their
 * locale's dates), and the server keeps sending the facts both the audit log and this view show.
 */
export const MESSAGES = {
  'centra.subscription.status.paused': 'Paused %{product}',
  'centra.subscription.status.active': 'Resumed %{product}',
  'centra.subscription.status.cancelled': 'Cancelled %{product}',
  'centra.subscription.interval': 'Moved %{product} to %{plan}',
  'centra.subscription.quantity': 'Changed %{product} to %{quantity} per order',
  'centra.contract.address': 'Changed the shipping address of contract %{contract} to %{address}',
  'gigs.connectSession.create': 'Sent %{link}',
  'gigs.connectSession.create.for': 'Sent %{link} for %{subject}',
  'gigs.connectSession.completed': 'The customer completed the %{link}',
  'gigs.connectSession.abandoned': 'The customer left the %{link} without completing it',
  'gigs.connectSession.failed': 'The %{link} did not work (%{status})',
  'gigs.connectSession.revoke': 'Revoked the %{link}',
  'customer.note.create': 'Note: %{text}',
  'customer.view': 'Viewed by %{viewers}',
  'viewer.times': '%{who} (%{count}×)',
  subscription: 'subscription %{id}',
  planOf: '%{plan} (%{id})',
  addonFor: '%{addon} on %{plan}',
  reason: '%{reason}: %{details}',
  failed: 'Not done: %{message}',
  unknown: 'Outcome unknown: subdesk stopped before it heard back; the next start checks with the system.',
  revokedBefore: 'The link had been revoked in subdesk; the customer used it at Gigs anyway.',
  pendingTitle: '%{intent}: %{subject}',
  pendingMade: 'Made %{ago} by %{who}; the customer has not used it yet.',
  fallback: '%{action}',
} as const;

export type MessageKey = keyof typeof MESSAGES;

/** The one place words are looked up: `%{name}` is replaced by `params.name`. */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return MESSAGES[key].replace(/%\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}

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
function product(sub: Json, fallbackId: string | null): string {
  const lines = Array.isArray(sub?.lines) ? (sub!.lines as Json[]) : [];
  const names = lines.map((l) => [str(l?.productName) ?? str(l?.item), str(l?.size)].filter(Boolean).join(' ')).filter(Boolean).join(', ');
  const interval = obj(sub?.interval) as { type: string; value: number } | null;
  const name = names || t('subscription', { id: str(sub?.id) ?? fallbackId ?? '?' });
  return interval?.type ? `${name} (${formatInterval(interval)})` : name;
}

/** "Moving abroad: to Norway", from `{code, text}` (or a plain sentence). */
function reasonOf(request: Json): string | null {
  const r = request?.reason;
  if (typeof r === 'string') return r;
  const o = obj(r);
  if (!o) return null;
  const label = REASONS.find((x) => x.code === o.code)?.label.replace(/ \(describe below\)$/, '') ?? str(o.code);
  const details = str(o.text);
  if (label && details) return t('reason', { reason: label, details });
  return label ?? details;
}

const linkOf = (intent: unknown) => LINK_NAME[intent as IntentType] ?? `${String(intent ?? 'Connect')} link`;

function addressOf(a: Json): string {
  return [str(a?.address1), str(a?.address2), [str(a?.zipCode), str(a?.city)].filter(Boolean).join(' ')].filter(Boolean).join(', ');
}

/** The Connect link's subject: the plan of the subscription it acts on, the plan to buy, or the add-on. */
function linkSubject(before: Json): string | null {
  const sub = obj(before?.subscription);
  const plan = obj(before?.plan);
  const addon = obj(before?.addon);
  const planName = str(sub?.planName) ?? str(plan?.name);
  if (addon) return t('addonFor', { addon: str(addon.name) ?? str(addon.id) ?? '?', plan: planName ?? str(sub?.id) ?? '?' });
  if (sub) return planName ? t('planOf', { plan: planName, id: str(sub.id) ?? '' }) : t('subscription', { id: str(sub.id) ?? '?' });
  return planName;
}

function errorMessage(error: unknown): string | null {
  const e = obj(error);
  return str(e?.message) ?? str(e?.reason) ?? (typeof error === 'string' ? error : null);
}

/** Any audit entry (or timeline line) in plain words. */
export function describeEntry(e: Pick<TimelineLine, 'action' | 'outcome' | 'request' | 'before' | 'after' | 'error' | 'target'> & { viewers?: TimelineLine['viewers'] }): Described {
  const request = obj(e.request);
  const before = obj(e.before);
  const after = obj(e.after);
  const targetId = e.target?.id ?? null;
  let what: string;
  const details: string[] = [];
  switch (e.action) {
    case 'centra.subscription.status': {
      const status = str(request?.status) ?? str(after?.status);
      const key = `centra.subscription.status.${status}` as MessageKey;
      what = key in MESSAGES ? t(key, { product: product(before ?? after, targetId) }) : t('fallback', { action: e.action });
      const reason = reasonOf(request);
      if (reason) details.push(reason);
      break;
    }
    case 'centra.subscription.interval': {
      const plan = str(obj(after?.plan)?.name) ?? str(request?.planId) ?? '?';
      what = t('centra.subscription.interval', { product: product(before ?? after, targetId), plan });
      break;
    }
    case 'centra.subscription.quantity':
      what = t('centra.subscription.quantity', { product: product(before ?? after, targetId), quantity: str(request?.quantity) ?? '?' });
      break;
    case 'centra.contract.address':
      what = t('centra.contract.address', { contract: targetId ?? '?', address: addressOf(request ?? obj(after?.shippingAddress)) });
      break;
    case 'gigs.connectSession.create': {
      const link = linkOf(obj(request?.intent)?.type ?? after?.intent);
      const subject = linkSubject(before);
      what = subject ? t('gigs.connectSession.create.for', { link, subject }) : t('gigs.connectSession.create', { link });
      break;
    }
    case 'gigs.connectSession.callback':
    case 'gigs.connectSession.settle': {
      const outcome = str(after?.outcome) ?? (e.outcome === 'succeeded' ? 'completed' : 'failed');
      const link = linkOf(after?.intent);
      what = outcome === 'completed' || outcome === 'abandoned' ? t(`gigs.connectSession.${outcome}`, { link }) : t('gigs.connectSession.failed', { link, status: str(request?.status) ?? str(after?.gigsStatus) ?? outcome });
      if (after?.revokedBefore) details.push(t('revokedBefore'));
      break;
    }
    case 'gigs.connectSession.revoke':
      what = t('gigs.connectSession.revoke', { link: linkOf(before?.intent ?? after?.intent) });
      break;
    case 'customer.note.create':
      what = t('customer.note.create', { text: str(after?.text) ?? str(request?.text) ?? '' });
      break;
    case 'customer.view':
      what = t('customer.view', { viewers: (e.viewers ?? []).map((v) => (v.count > 1 ? t('viewer.times', { who: v.email ?? v.role ?? '?', count: v.count }) : (v.email ?? v.role ?? '?'))).join(', ') });
      break;
    default:
      what = t('fallback', { action: e.action });
  }
  const message = e.outcome === 'failed' || e.outcome === 'denied' ? errorMessage(e.error) : null;
  if (message) details.push(t('failed', { message }));
  if (e.outcome === 'unknown') details.push(t('unknown'));
  return { what, details };
}
