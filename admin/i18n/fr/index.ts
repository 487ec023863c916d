import frenchMessages from 'ra-language-french';
import type { Messages } from '../messages.ts';
import type { enMessages } from '../en/index.ts';
import { shell } from './shell.ts';

export const frMessages: Messages<typeof enMessages> = { ...shell };

export const fr = { ...frenchMessages, ...frMessages };
