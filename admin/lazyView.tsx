import { lazy, Suspense, type ComponentType } from 'react';
import { Loading } from 'react-admin';
import { i18nProvider, type ScreenPart } from './i18n/index.ts';

/**
 * A screen loaded on demand: the first screen downloads only what it shows, each page fetches its
 * own chunk the first time it opens, together with the parts of the messages it shows (`parts`,
 * besides the shell's; test/i18n-screens.test.ts checks they are the ones its files name), so it
 * never shows a key in place of a word.
 */
export function lazyView<P extends object>(load: () => Promise<ComponentType<P>>, parts: readonly ScreenPart[]): ComponentType<P> {
  const Lazy = lazy(async () => {
    const [view] = await Promise.all([load(), i18nProvider.loadParts(parts)]);
    return { default: view };
  });
  // biome-ignore lint/correctness/noComponentHookFactories: called once per screen at module load, never during a render
  const View = (props: P) => (
    <Suspense fallback={<Loading />}>
      <Lazy {...props} />
    </Suspense>
  );
  return View;
}
