import type { GigsConnectSessionCreate } from '../upstream/gigs.ts';
import type { CentraCustomer } from '../upstream/centra.ts';
import type { CustomerGigs } from './customer-gigs.ts';

type UserPart = Pick<GigsConnectSessionCreate, 'user' | 'userDetails'>;
type Details = { email: string; fullName?: string | null; preferredLocale?: string; birthday?: string | null };

/** A locale Connect can show for the countries the shop sells in; unknown countries get none (Connect picks). */
const LOCALE_BY_COUNTRY: Record<string, string> = {
  US: 'en-US',
  GB: 'en-GB',
  IE: 'en-IE',
  SE: 'sv-SE',
  NO: 'nb-NO',
  DK: 'da-DK',
  FI: 'fi-FI',
  DE: 'de-DE',
  AT: 'de-AT',
  CH: 'de-CH',
  NL: 'nl-NL',
  BE: 'nl-BE',
  FR: 'fr-FR',
  ES: 'es-ES',
  IT: 'it-IT',
  PL: 'pl-PL',
  PT: 'pt-PT',
};

/**
 * `user` when Gigs knows the person (Connect skips its login), else `userDetails` from what
 * subdesk knows of them in Centra (e-mail, full name, locale from the country; Centra keeps no
 * birthday), so Connect pre-fills its sign-up. Never both (the wire contract).
 */
export function userPayload(customer: CustomerGigs, centra: CentraCustomer | null): UserPart {
  if (customer.user) return { user: customer.user.id };
  const fullName = centra
    ? [centra.firstName, centra.lastName]
        .map((s) => s?.trim())
        .filter(Boolean)
        .join(' ')
    : customer.name;
  const locale = centra?.country ? LOCALE_BY_COUNTRY[centra.country.toUpperCase()] : undefined;
  const details: Details = { email: (centra?.email ?? customer.email).trim().toLowerCase() };
  if (fullName) details.fullName = fullName;
  if (locale) details.preferredLocale = locale;
  return { userDetails: details };
}
