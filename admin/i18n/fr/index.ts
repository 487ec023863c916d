import frenchMessages from 'ra-language-french';
import type { Messages } from '../messages.ts';
import type { enMessages } from '../en/index.ts';
import { shell } from './shell.ts';
import { common } from './common.ts';
import { customers } from './customers.ts';
import { gigs } from './gigs.ts';
import { centra } from './centra.ts';
import { timeline } from './timeline.ts';
import { connectLinks } from './connectLinks.ts';
import { plans } from './plans.ts';
import { charts } from './charts.ts';
import { audit } from './audit.ts';
import { staff } from './staff.ts';
import { status } from './status.ts';
import { security } from './security.ts';

/** Every French message, typed against the English ones (for the types and the tests; not bundled). */
export const frMessages: Messages<typeof enMessages> = {
  ...shell,
  ...common,
  ...customers,
  ...gigs,
  ...centra,
  ...timeline,
  ...connectLinks,
  ...plans,
  ...charts,
  ...audit,
  ...staff,
  ...status,
  ...security,
};

export const fr = { ...frenchMessages, ...frMessages };
