/**
 * Catalogue values in the words a merchandiser uses: 10 GB, 500 min, 100 SMS, Unlimited; prices
 * from minor units; validity and intervals in a sentence. Done on the server so the page, the CSV
 * export and any script read the same text.
 */

type Allowances = { dataBytes?: number | null; voiceSeconds?: number | null; smsMessages?: number | null } | null | undefined;

const trim = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, ''));

/** Gigs counts data in decimal units (1 GB = 10^9 bytes). null: unlimited; 0: none. */
export function formatData(bytes: number | null | undefined): string {
  if (bytes === null) return 'Unlimited';
  if (bytes === undefined) return '';
  if (bytes === 0) return 'None';
  if (bytes >= 1e12) return `${trim(bytes / 1e12)} TB`;
  if (bytes >= 1e9) return `${trim(bytes / 1e9)} GB`;
  if (bytes >= 1e6) return `${trim(bytes / 1e6)} MB`;
  return `${trim(bytes / 1e3)} kB`;
}

export function formatVoice(seconds: number | null | undefined): string {
  if (seconds === null) return 'Unlimited';
  if (seconds === undefined) return '';
  if (seconds === 0) return 'None';
  return `${trim(seconds / 60)} min`;
}

export function formatSms(messages: number | null | undefined): string {
  if (messages === null) return 'Unlimited';
  if (messages === undefined) return '';
  if (messages === 0) return 'None';
  return `${messages} SMS`;
}

export type HumanAllowances = { data: string; voice: string; sms: string; summary: string };

/** Each allowance on its own, and a one-line summary ("10 GB · 500 min · 100 SMS"). */
export function formatAllowances(a: Allowances): HumanAllowances {
  // Gigs: each null allowance is unlimited; a missing object says nothing.
  if (!a) return { data: '', voice: '', sms: '', summary: '' };
  const data = formatData(a.dataBytes);
  const voice = formatVoice(a.voiceSeconds);
  const sms = formatSms(a.smsMessages);
  const parts = [
    data && data !== 'None' ? (data === 'Unlimited' ? 'Unlimited data' : data) : '',
    voice && voice !== 'None' ? (voice === 'Unlimited' ? 'Unlimited calls' : voice) : '',
    sms && sms !== 'None' ? (sms === 'Unlimited' ? 'Unlimited SMS' : sms) : '',
  ].filter(Boolean);
  const summary = data === 'Unlimited' && voice === 'Unlimited' && sms === 'Unlimited' ? 'Unlimited' : parts.join(' · ');
  return { data, voice, sms, summary };
}

const digitsCache = new Map<string, number>();

/** How many minor units a currency has (USD 2, JPY 0), per Intl; 2 when unknown. */
export function minorDigits(currency: string): number {
  let d = digitsCache.get(currency);
  if (d === undefined) {
    try {
      d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    } catch {
      d = 2;
    }
    digitsCache.set(currency, d);
  }
  return d;
}

/** {amount: 1500, currency: 'USD'} → "$15.00". */
export function formatMinorPrice(p: { amount: number; currency: string } | null | undefined): string {
  if (!p) return '';
  const major = p.amount / 10 ** minorDigits(p.currency);
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency: p.currency }).format(major);
  } catch {
    return `${major.toFixed(2)} ${p.currency}`;
  }
}

const span = (n: number, unit: string) => (n === 1 ? `1 ${unit}` : `${n} ${unit}s`);

/** Gigs plan validity: "renews every month", "one-time, 30 days". */
export function formatValidity(v: { value?: number | null; unit?: string | null; type?: string | null } | null | undefined): string {
  if (!v || !v.unit) return '';
  const n = v.value ?? 1;
  if (v.type === 'recurring') return n === 1 ? `renews every ${v.unit}` : `renews every ${span(n, v.unit)}`;
  if (v.type === 'oneTime') return `one-time, ${span(n, v.unit)}`;
  return span(n, v.unit);
}

/** Centra plan interval: "every month", "every 2 weeks". */
export function formatInterval(value: number, type: string): string {
  return value === 1 ? `every ${type}` : `every ${span(value, type)}`;
}

/** 12.5 → "12.5%"; null → "". */
export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  return `${trim(Math.round(v * 10) / 10)}%`;
}
