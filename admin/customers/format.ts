import type { Allowances, Money } from './types.ts';

/** Minor units to a price: {amount: 2500, currency: 'USD'} → "$25.00". */
export function formatMoney(m: Money | null | undefined): string {
  if (!m) return '—';
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: m.currency }).format(m.amount / 100);
  } catch {
    return `${(m.amount / 100).toFixed(2)} ${m.currency}`;
  }
}

/** Centra sends unit prices in major units already (e.g. 19.9). */
export function formatMajor(m: Money | null | undefined): string {
  if (!m) return '—';
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: m.currency }).format(m.amount);
  } catch {
    return `${m.amount} ${m.currency}`;
  }
}

/** Bytes in decimal units as carriers sell them: 10000000000 → "10 GB"; null means unlimited. */
export function formatData(bytes: number | null | undefined): string {
  if (bytes === null) return 'Unlimited data';
  if (bytes === undefined || bytes === 0) return 'No data';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

export function formatVoice(seconds: number | null | undefined): string {
  if (seconds === null) return 'Unlimited min';
  if (!seconds) return 'No calls';
  return `${Math.round(seconds / 60)} min`;
}

export function formatSms(n: number | null | undefined): string {
  if (n === null) return 'Unlimited SMS';
  if (!n) return 'No SMS';
  return `${n} SMS`;
}

export function formatAllowances(a: Allowances | null | undefined): string {
  if (!a) return '—';
  return [formatData(a.dataBytes), formatVoice(a.voiceSeconds), formatSms(a.smsMessages)].join(' · ');
}

/** {type: 'week', value: 2} → "every 2 weeks"; value 1 → "every week". */
export function formatInterval(i: { type: string; value: number } | null | undefined): string {
  if (!i) return '—';
  const unit = i.type.toLowerCase();
  return i.value === 1 ? `every ${unit}` : `every ${i.value} ${unit}s`;
}

export function formatDate(s: string | null | undefined): string {
  if (!s) return '—';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(s: string | null | undefined): string {
  if (!s) return '—';
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? s : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

export const STATUS_COLOR: Record<string, 'success' | 'warning' | 'default' | 'error' | 'info'> = {
  active: 'success',
  pending: 'info',
  initiated: 'info',
  paused: 'warning',
  suspended: 'warning',
  ended: 'default',
  cancelled: 'default',
  revoked: 'error',
};

/**
 * What is over (an ended or cancelled subscription, a contract with nothing live) after what the
 * customer has now: that is what the agent looks for. Otherwise the upstream's order is kept.
 */
export function finishedLast<T>(items: T[], isOver: (item: T) => boolean): T[] {
  return [...items].sort((a, b) => Number(isOver(a)) - Number(isOver(b)));
}
