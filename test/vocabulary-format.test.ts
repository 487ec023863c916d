import { describe, expect, it } from 'vitest';
import {
  formatAllowances,
  formatCount,
  formatDate,
  formatDateTime,
  formatDuration,
  formatInterval,
  formatMajorMoney,
  formatMoney,
  formatPercent,
  formatPricePer,
  formatShortDay,
  formatUtc,
  formatValidity,
  minorDigits,
  type Say,
  type VocabularyWord,
} from '../server/vocabulary/index.ts';

describe('money: each currency with its own minor digits', () => {
  it('knows the minor digits of JPY, SEK, EUR, USD', () => {
    expect([minorDigits('JPY'), minorDigits('SEK'), minorDigits('EUR'), minorDigits('USD'), minorDigits('KWD')]).toEqual([0, 2, 2, 2, 3]);
  });

  it('reads Gigs minor units per currency: 1500 yen is 1,500 yen, not 15', () => {
    expect(formatMoney({ amount: 1500, currency: 'JPY' })).toBe('JP¥1,500');
    expect(formatMoney({ amount: 9900, currency: 'SEK' })).toBe('SEK\u00a099.00');
    expect(formatMoney({ amount: 900, currency: 'EUR' })).toBe('€9.00');
    expect(formatMoney({ amount: 1599, currency: 'USD' })).toBe('US$15.99');
    expect(formatMoney({ amount: 12345, currency: 'KWD' })).toBe('KWD\u00a012.345');
  });

  it('writes Centra major units as they are', () => {
    expect(formatMajorMoney({ amount: 19.9, currency: 'SEK' })).toBe('SEK\u00a019.90');
    expect(formatMajorMoney({ amount: 1500, currency: 'JPY' })).toBe('JP¥1,500');
  });

  it('follows the locale it is given', () => {
    expect(formatMoney({ amount: 900, currency: 'EUR' }, 'fr')).toBe('9,00\u00a0€');
    expect(formatMoney({ amount: 1500, currency: 'JPY' }, 'fr')).toBe('1\u202f500\u00a0JPY');
  });

  it('says nothing for a missing price, and keeps an unknown code readable', () => {
    expect(formatMoney(null)).toBe('');
    expect(formatMoney({ amount: 1234, currency: 'NOT-A-CODE' })).toBe('12.34 NOT-A-CODE');
  });
});

describe('periods: one wording for validity, intervals and prices per period', () => {
  it('puts the plural on more than one', () => {
    expect(formatDuration(30, 'day')).toBe('30 days');
    expect(formatDuration(1, 'month')).toBe('1 month');
    expect(formatDuration(2, 'WEEK')).toBe('2 weeks');
    expect(formatDuration(3, 'fortnight')).toBe('3 fortnights');
  });

  it('writes a price per period: "€9.00 / 30 days", not "/ 30 day"', () => {
    expect(formatPricePer('€9.00', { value: 30, unit: 'day' })).toBe('€9.00 / 30 days');
    expect(formatPricePer('€9.00', { value: 1, unit: 'month' })).toBe('€9.00 / month');
    expect(formatPricePer('€9.00', null)).toBe('€9.00');
  });

  it('writes Gigs validity and Centra intervals', () => {
    expect(formatValidity({ value: 1, unit: 'month', type: 'recurring' })).toBe('renews every month');
    expect(formatValidity({ value: 30, unit: 'day', type: 'oneTime' })).toBe('one-time, 30 days');
    expect(formatValidity({ value: 7, unit: 'day' })).toBe('7 days');
    expect(formatInterval({ type: 'week', value: 2 })).toBe('every 2 weeks');
    expect(formatInterval({ type: 'month', value: 1 })).toBe('every month');
    expect(formatInterval(null)).toBe('');
  });

  it('follows the locale for the units', () => {
    expect(formatDuration(2, 'week', 'fr')).toBe('2\u00a0semaines');
  });
});

describe('allowances', () => {
  it('writes GB, min and SMS, unlimited and none', () => {
    expect(formatAllowances({ dataBytes: 5e9, voiceSeconds: 30000, smsMessages: 100 })).toEqual({
      data: '5 GB',
      voice: '500 min',
      sms: '100 SMS',
      summary: '5 GB · 500 min · 100 SMS',
    });
    expect(formatAllowances({ dataBytes: null, voiceSeconds: null, smsMessages: null }).summary).toBe('Unlimited');
    expect(formatAllowances({ dataBytes: 1.5e9, voiceSeconds: null, smsMessages: 0 })).toEqual({
      data: '1.5 GB',
      voice: 'Unlimited',
      sms: 'None',
      summary: '1.5 GB · Unlimited calls',
    });
    expect(formatAllowances({ dataBytes: 500e6, voiceSeconds: 0, smsMessages: 0 }).summary).toBe('500 MB');
    expect(formatAllowances(null).summary).toBe('');
  });

  it('writes decimals and units the locale’s way', () => {
    expect(formatAllowances({ dataBytes: 1.5e9, voiceSeconds: 0, smsMessages: 0 }, 'fr').data).toBe('1,5\u202fGo');
  });

  it('says its words with the `say` it is given', () => {
    const french: Record<VocabularyWord, string> = {
      unlimited: 'Illimité',
      none: 'Aucun',
      unlimitedData: 'Données illimitées',
      unlimitedCalls: 'Appels illimités',
      unlimitedSms: 'SMS illimités',
      minutes: '%{count} min',
      sms: '%{count} SMS',
      every: 'tous les %{length}',
      renews: 'renouvelé %{every}',
      oneTime: 'unique, %{length}',
      pricePer: '%{price} / %{length}',
      everyDay: 'tous les jours',
      everyWeek: 'toutes les %{count} semaines',
      everyMonth: 'tous les mois',
      everyYear: 'tous les ans',
    };
    const say: Say = (word, params = {}) => french[word].replace(/%\{(\w+)\}/g, (_, n: string) => String(params[n]));
    expect(formatAllowances({ dataBytes: 5e9, voiceSeconds: null, smsMessages: 0 }, 'fr', say)).toEqual({
      data: '5\u202fGo',
      voice: 'Illimité',
      sms: 'Aucun',
      summary: '5\u202fGo · Appels illimités',
    });
    expect(formatInterval({ type: 'week', value: 2 }, 'fr', say)).toBe('toutes les 2 semaines');
    expect(formatInterval({ type: 'fortnight', value: 2 }, 'fr', say)).toBe('tous les 2 fortnights');
    expect(formatValidity({ value: 1, unit: 'month', type: 'recurring' }, 'fr', say)).toBe('renouvelé tous les mois');
    expect(formatPricePer('9,00\u00a0€', { value: 1, unit: 'month' }, 'fr', say)).toBe('9,00\u00a0€ / mois');
  });
});

describe('counts and percentages', () => {
  it('groups thousands and keeps one decimal of a percentage', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(null)).toBe('');
    expect(formatPercent(12.46)).toBe('12.5%');
    expect(formatPercent(10)).toBe('10%');
    expect(formatPercent(null)).toBe('');
  });
});

describe('dates and times: one format, with its zone', () => {
  const moment = '2026-12-01T23:47:12.345Z';

  it('names the zone of every time it shows', () => {
    expect(formatDateTime(moment, 'en-GB', 'Europe/Stockholm')).toBe('2 Dec 2026, 00:47 CET');
    expect(formatDateTime(moment, 'en-GB', 'UTC')).toBe('1 Dec 2026, 23:47 UTC');
    expect(formatDateTime(moment, 'en-GB', 'America/New_York')).toBe('1 Dec 2026, 18:47 GMT-5');
  });

  it('writes the day before the month in words, never 02/12/2026 against 12/2/2026', () => {
    for (const zone of ['Europe/Stockholm', 'America/New_York']) expect(formatDateTime(moment, undefined, zone)).not.toMatch(/\d+\/\d+\/\d+/);
    expect(formatDate('2026-12-02T10:00:00Z', 'en-GB', 'UTC')).toBe('2 Dec 2026');
  });

  it('gives evidence in UTC with seconds', () => {
    expect(formatUtc(moment)).toBe('1 Dec 2026, 23:47:12 UTC');
  });

  it('reads Centra’s zoneless times as UTC, whatever the runtime’s zone', () => {
    expect(formatUtc('2026-12-01 23:47:12')).toBe('1 Dec 2026, 23:47:12 UTC');
    expect(formatDateTime('2026-12-01 23:47:12', 'en-GB', 'Europe/Stockholm')).toBe('2 Dec 2026, 00:47 CET');
  });

  it('keeps a calendar day the same day in every zone', () => {
    // A next order date is a day: west of Greenwich, reading it as a UTC moment would show 18 Dec.
    expect(formatDate('2026-12-19', 'en-GB', 'America/Los_Angeles')).toBe('19 Dec 2026');
    expect(formatDate('2026-12-19', 'en-GB', 'Pacific/Kiritimati')).toBe('19 Dec 2026');
    expect(formatShortDay('2026-12-07')).toBe('7 Dec');
  });

  it('follows the locale, and shows what is no time as it is', () => {
    expect(formatDateTime(moment, 'fr', 'Europe/Paris')).toBe('2 déc. 2026, 00:47 UTC+1');
    expect(formatDateTime('soon', 'en-GB', 'UTC')).toBe('soon');
    expect(formatDateTime(null)).toBe('');
  });
});
