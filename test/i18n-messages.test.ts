import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en, ENGLISH_PARTS, enMessages } from '../admin/i18n/en/index.ts';
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
    const differ = Object.keys(english).filter((key) => pluralForms(english[key]!) > 1 !== pluralForms(french[key] ?? '') > 1);
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

describe('the keys the SPA names', () => {
  // react-admin translates these props and choice names itself, so they hold keys as plain strings
  // that tsc cannot check: a typo there would show the key on screen.
  const KEY_PROPS = /(?:\b(?:label|title|helperText|emptyText|content|confirm|placeholder)=|\b(?:name|label):\s*)["']([a-z][A-Za-z]*(?:\.[A-Za-z_-]+)+)["']/g;
  const known = new Set(Object.keys(flatten(en)));
  // A form field's path ('reason.code') looks the same: only names under a namespace of the messages are keys.
  const namespaces = new Set([...Object.keys(enMessages), 'ra']);

  it('exist in the English messages', () => {
    const files = readdirSync('admin', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f) && !f.startsWith('i18n'));
    const named = files
      .flatMap((file) => [...readFileSync(join('admin', file), 'utf8').matchAll(KEY_PROPS)].map((m) => ({ file, key: m[1]! })))
      .filter(({ key }) => namespaces.has(key.split('.')[0]!));
    expect(named.length).toBeGreaterThan(100);
    expect(named.filter(({ key }) => !known.has(key))).toEqual([]);
  });
});
