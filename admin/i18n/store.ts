import { localStorageStore, type Store } from 'react-admin';

const LOCALE_KEY = 'locale';

/**
 * react-admin's store (list settings, the chosen language) in localStorage. Signing out empties it,
 * as react-admin does, except for the language: it belongs to this browser's reader, so the
 * sign-in page and the next session stay in the language they chose.
 */
export function subdeskStore(base: Store = localStorageStore()): Store {
  return {
    ...base,
    reset() {
      const locale = base.getItem<string>(LOCALE_KEY);
      base.reset();
      if (locale) base.setItem(LOCALE_KEY, locale);
    },
  };
}
