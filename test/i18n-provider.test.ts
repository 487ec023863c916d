import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createI18nProvider } from '../admin/i18n/i18nProvider.ts';
import { LANGUAGES, type Language } from '../admin/i18n/languages.ts';

/**
 * The translator over the message files as the SPA loads them: the shell's words at once, a
 * screen's when its parts are loaded (lazyView waits for them), every part asked for so far in a
 * language chosen later, and a part asked for during a switch in both languages.
 */
beforeEach(() => {
  vi.stubGlobal('document', { documentElement: { lang: 'en-GB' } });
  vi.spyOn(console, 'error').mockImplementation(() => {}); // polyglot names each missing key there (outside production builds)
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the i18n provider', () => {
  it("answers the shell's words at once, and a screen's once its parts are loaded", async () => {
    const i18n = createI18nProvider();
    expect(i18n.translate('menu.customers')).toBe('Customers');
    expect(i18n.translate('ra.action.save')).toBe('Save');
    expect(i18n.translate('customerList.phone')).toBe('customerList.phone');

    await i18n.loadParts(['customers']);
    expect(i18n.translate('customerList.phone')).toBe('Phone');
    expect(i18n.translate('staff.title')).toBe('staff.title');
  });

  it('switches language with every part loaded so far, and loads later ones in it', async () => {
    const i18n = createI18nProvider();
    await i18n.loadParts(['customers', 'timeline']);
    await i18n.changeLocale('fr');
    expect(i18n.getLocale()).toBe('fr');
    expect(document.documentElement.lang).toBe('fr-FR');
    expect(i18n.translate('menu.customers')).toBe('Clients');
    expect(i18n.translate('customerList.phone')).toBe('Téléphone');
    expect(i18n.translate('notes.label')).not.toMatch(/^notes\./);
    expect(i18n.translate('ra.action.save')).toBe('Enregistrer');

    await i18n.loadParts(['staff']);
    expect(i18n.translate('staff.title')).toBe('Équipe');
  });

  it('loads a part asked for during a switch in the language being chosen too', async () => {
    const i18n = createI18nProvider();
    const switching = i18n.changeLocale('fr');
    const loading = i18n.loadParts(['staff']);
    await Promise.all([switching, loading]);
    expect(i18n.translate('staff.title')).toBe('Équipe');
    await i18n.changeLocale('en');
    expect(i18n.translate('staff.title')).toBe('Staff');
  });

  it('keeps the later of two choices made in a row', async () => {
    const i18n = createI18nProvider();
    await Promise.all([i18n.changeLocale('fr'), i18n.changeLocale('en')]);
    expect(i18n.getLocale()).toBe('en');
    expect(i18n.translate('menu.customers')).toBe('Customers');
  });

  it('tries a part again after its download failed', async () => {
    const english = LANGUAGES[0];
    let attempts = 0;
    const flaky: Language = {
      ...english,
      parts: {
        ...english.parts,
        staff: async () => {
          attempts++;
          if (attempts === 1) throw new Error('Failed to fetch dynamically imported module');
          return english.parts.staff();
        },
      },
    };
    const i18n = createI18nProvider([flaky, LANGUAGES[1]]);
    await expect(i18n.loadParts(['staff'])).rejects.toThrow(/Failed to fetch/);
    await i18n.loadParts(['staff']);
    expect(attempts).toBe(2);
    expect(i18n.translate('staff.title')).toBe('Staff');
  });
});
