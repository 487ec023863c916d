import englishMessages from 'ra-language-english';
import { shell } from './shell.ts';
import { common } from './common.ts';

/** What every English screen needs before it shows: react-admin's own words and the shell's parts. */
export const base = { ...englishMessages, ...shell, ...common };
