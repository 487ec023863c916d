import { describe, expect, it } from 'vitest';
import { ENGLISH_PARTS } from '../admin/i18n/en/index.ts';
import { flatten } from '../admin/i18n/messages.ts';
import { SHELL_PARTS } from '../admin/i18n/parts.ts';
import { closureOf, messageKeysIn, readSpa } from './helpers/spa-modules.ts';

/**
 * Each download carries the words it shows: the first one (the shell) only the shell's parts of
 * the messages, each screen loaded through `lazyView` exactly the parts its files name besides
 * those. A part a screen names but does not load would show its keys on the screen's first render;
 * one it loads but does not name is bytes for nothing.
 */
const partOf = new Map(Object.entries(ENGLISH_PARTS).flatMap(([part, messages]) => Object.keys(messages).map((top) => [top, part] as const)));
const known = new Set(Object.keys(flatten(ENGLISH_PARTS)).map((key) => key.slice(key.indexOf('.') + 1)));
const spa = readSpa();

/** The parts of the messages a download names, besides the shell's, with the file and key that name each. */
function partsNamedFrom(root: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const file of closureOf(spa, root)) {
    for (const key of messageKeysIn(spa.get(file)!.source, known)) {
      const part = partOf.get(key.split('.')[0]!)!;
      if (!(SHELL_PARTS as readonly string[]).includes(part) && !parts.has(part)) parts.set(part, `${file}: ${key}`);
    }
  }
  return parts;
}

const screens = [...spa.values()].flatMap((m) => m.screens);

describe('the messages each download carries', () => {
  it('finds the screens and the keys they name', () => {
    expect(screens.map((s) => s.file)).toEqual(
      expect.arrayContaining(['admin/customers/CustomerList.tsx', 'admin/customers/CustomerShow.tsx', 'admin/status/StatusPage.tsx']),
    );
    expect(partsNamedFrom('admin/customers/CustomerShow.tsx').get('gigs')).toMatch(/^admin\/gigs\//);
  });

  it('keep the first download to the shell: every other word comes with its screen', () => {
    expect(Object.fromEntries(partsNamedFrom('admin/main.tsx'))).toEqual({});
  });

  it.each(screens.map((s) => [s.file, s.parts] as const))('load with %s the parts it names, and only those', (file, declared) => {
    const named = partsNamedFrom(file);
    expect([...declared].sort(), `named by ${JSON.stringify(Object.fromEntries(named))}`).toEqual([...named.keys()].sort());
  });
});
