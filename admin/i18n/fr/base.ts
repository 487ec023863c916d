import frenchMessages from 'ra-language-french';
import { shell } from './shell.ts';
import { common } from './common.ts';

/** What every French screen needs before it shows: react-admin's own words and the shell's parts. */
export const base = { ...frenchMessages, ...shell, ...common };
