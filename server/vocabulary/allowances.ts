import { DEFAULT_LOCALE, type Locale } from './locale.ts';
import { numberFormat } from './numbers.ts';

/**
 * Allowances in the words carriers sell them: 10 GB, 500 min, 100 SMS, Unlimited. Gigs counts
 * data in decimal units (1 GB = 10^9 bytes) and voice in seconds; null means unlimited and 0 none.
 */
export type Allowances = { dataBytes?: number | null; voiceSeconds?: number | null; smsMessages?: number | null } | null | undefined;
export type HumanAllowances = { data: string; voice: string; sms: string; summary: string };

const oneDecimal = (n: number, locale: Locale) => numberFormat(locale, '1').format(n);

export function formatData(bytes: number | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (bytes === null) return 'Unlimited';
  if (bytes === undefined) return '';
  if (bytes === 0) return 'None';
  if (bytes >= 1e12) return `${oneDecimal(bytes / 1e12, locale)} TB`;
  if (bytes >= 1e9) return `${oneDecimal(bytes / 1e9, locale)} GB`;
  if (bytes >= 1e6) return `${oneDecimal(bytes / 1e6, locale)} MB`;
  return `${oneDecimal(bytes / 1e3, locale)} kB`;
}

export function formatVoice(seconds: number | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (seconds === null) return 'Unlimited';
  if (seconds === undefined) return '';
  if (seconds === 0) return 'None';
  return `${oneDecimal(seconds / 60, locale)} min`;
}

export function formatSms(messages: number | null | undefined, locale: Locale = DEFAULT_LOCALE): string {
  if (messages === null) return 'Unlimited';
  if (messages === undefined) return '';
  if (messages === 0) return 'None';
  return `${numberFormat(locale).format(messages)} SMS`;
}

/** Each allowance on its own, and a one-line summary ("10 GB · 500 min · 100 SMS"; "Unlimited" when all are). */
export function formatAllowances(a: Allowances, locale: Locale = DEFAULT_LOCALE): HumanAllowances {
  // A missing object says nothing (not "unlimited"): Gigs sends one on every plan and add-on.
  if (!a) return { data: '', voice: '', sms: '', summary: '' };
  const data = formatData(a.dataBytes, locale);
  const voice = formatVoice(a.voiceSeconds, locale);
  const sms = formatSms(a.smsMessages, locale);
  const named = (text: string, unlimited: string) => (text === 'None' ? '' : text === 'Unlimited' ? unlimited : text);
  const parts = [named(data, 'Unlimited data'), named(voice, 'Unlimited calls'), named(sms, 'Unlimited SMS')].filter(Boolean);
  const summary = data === 'Unlimited' && voice === 'Unlimited' && sms === 'Unlimited' ? 'Unlimited' : parts.join(' · ');
  return { data, voice, sms, summary };
}
