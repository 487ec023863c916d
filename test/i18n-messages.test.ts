import { describe, expect, it } from 'vitest';
import { ENGLISH_PARTS, enMessages } from '../admin/i18n/en/index.ts';
import { frMessages } from '../admin/i18n/fr/index.ts';
import { flatten } from '../admin/i18n/messages.ts';

/** The placeholders a message fills, sorted: '%{count} of %{total}' → ['count', 'total']. */
const placeholders = (message: string) => [...message.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]).sort();
/** How many forms a message has for polyglot's plural ('one |||| many' has two). */
const pluralForms = (message: string) => message.split('||||').length;

const english = flatten(enMessages);
const french = flatten(frMessages);

describe('the message files', () => {
  it('give every English key a French message, and French no key English lacks', () => {
    expect(Object.keys(french).sort()).toEqual(Object.keys(english).sort());
  });

  it('fill the same placeholders in French as in English', () => {
    const differ = Object.keys(english).filter((key) => JSON.stringify(placeholders(french[key] ?? '')) !== JSON.stringify(placeholders(english[key]!)));
    expect(differ.map((key) => `${key}: ${english[key]} / ${french[key]}`)).toEqual([]);
  });

  it('give a French plural where English has one', () => {
    const differ = Object.keys(english).filter((key) => (pluralForms(english[key]!) > 1) !== (pluralForms(french[key] ?? '') > 1));
    expect(differ).toEqual([]);
  });

  it('leave no French message empty', () => {
    expect(Object.keys(french).filter((key) => !french[key]!.trim())).toEqual([]);
  });

  it('keep each part of the SPA to its own top-level keys, so no part overwrites another', () => {
    const tops = Object.values(ENGLISH_PARTS).flatMap((part) => Object.keys(part));
    expect(tops.filter((key, i) => tops.indexOf(key) !== i)).toEqual([]);
    expect(Object.keys(enMessages).sort()).toEqual([...tops].sort());
  });
});
