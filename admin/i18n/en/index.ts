import englishMessages from 'ra-language-english';
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

/**
 * subdesk's own messages, one file per part of the SPA; each part's top-level keys are its own.
 * The shell's parts come with the first screen (./base.ts), the others with the screens that show
 * them (../parts.ts). This file gathers them all for the types and the tests, and is not bundled.
 */
export const ENGLISH_PARTS = { shell, common, customers, gigs, centra, timeline, connectLinks, plans, charts, audit, staff, status, security };

/** Every string of the SPA in English: the keys all languages share (see ../messages.ts). */
export const enMessages = {
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

/** react-admin's own words (ra.*) and subdesk's. */
export const en = { ...englishMessages, ...enMessages };
