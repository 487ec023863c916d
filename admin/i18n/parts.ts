import type { ENGLISH_PARTS } from './en/index.ts';
import type { Messages } from './messages.ts';

/** The parts of the messages every screen needs (layout, menu, search box, sign-in, shared words): in the first download, with react-admin's own words (./en/base.ts). */
export const SHELL_PARTS = ['shell', 'common'] as const;

/**
 * A part of the messages that comes with the screens that show it: `lazyView` names a screen's
 * parts, and they load together with its chunk, so the first screen downloads only its own words.
 */
export type ScreenPart = Exclude<keyof typeof ENGLISH_PARTS, (typeof SHELL_PARTS)[number]>;

/** How a language loads each screen part, typed against the English part (a missing part, or a key English lacks, fails `tsc`). */
export type ScreenPartLoaders = { readonly [P in ScreenPart]: () => Promise<Messages<(typeof ENGLISH_PARTS)[P]>> };
