import englishMessages from 'ra-language-english';
import { shell } from './shell.ts';

/** subdesk's own messages, one file per part of the SPA; each part's top-level keys are its own. */
export const ENGLISH_PARTS = { shell };

/** Every string of the SPA in English: the keys all languages share (see ../messages.ts). */
export const enMessages = { ...shell };

/** react-admin's own words (ra.*) and subdesk's. */
export const en = { ...englishMessages, ...enMessages };
