import { CENTRA_LIVE, GIGS_LIVE, type CentraFacts, type GigsFacts, type SystemName } from '../types.ts';
import { digitsOf, emailKey, fold, normalisePhone } from '../normalise.ts';

/** Everything the builder writes into a customers row, computed from what each system said. */
export type Derived = {
  name: string | null;
  nameSort: string | null;
  email: string | null;
  emails: string[];
  phones: string[];
  countries: string[];
  systems: SystemName[];
  gigsUserId: string | null;
  centraCustomerId: string | null;
  gigsLive: number;
  centraLive: number;
  /** Names, e-mails and phone digits, for substring matches (FTS5 trigram). */
  searchText: string;
  /** Every id, e-mail and phone number, for exact and prefix matches (customer_keys). */
  keys: string[];
};

const joinName = (first?: string | null, last?: string | null) =>
  [first, last]
    .filter((s) => s?.trim())
    .join(' ')
    .trim() || null;

function distinct(values: Iterable<string | null | undefined>): string[] {
  const seen = new Set<string>();
  for (const v of values) if (v) seen.add(v);
  return [...seen];
}

export function derive(id: string, key: string, gigs: GigsFacts | null, centra: CentraFacts | null): Derived {
  const contracts = centra ? Object.entries(centra.k) : [];
  const gigsSubs = gigs ? Object.entries(gigs.subs) : [];
  const centraName = centra ? joinName(centra.f, centra.l) : null;
  const name = gigs?.n?.trim() || centraName || contracts.map(([, c]) => c.n).find(Boolean) || null;
  const emails = distinct([gigs?.e?.trim(), centra?.e?.trim(), ...contracts.map(([, c]) => c.e?.trim())]);
  const phones = distinct([...gigsSubs.map(([, s]) => normalisePhone(s.p)), normalisePhone(centra?.p), ...contracts.map(([, c]) => normalisePhone(c.p))]);
  const countries = distinct([centra?.co?.toUpperCase(), ...contracts.map(([, c]) => c.co?.toUpperCase())]);
  const systems: SystemName[] = [];
  if (gigs?.u || gigsSubs.length) systems.push('gigs');
  if (centra?.c || contracts.length) systems.push('centra');

  // Names twice: with spaces ("zoe angstrom") for word matches and without ("zoeangstrom") for
  // queries typed without the space; e-mails and phone digits for "angstrom0@" or "4567".
  const text: string[] = [];
  for (const n of distinct([gigs?.n, centraName, ...contracts.map(([, c]) => c.n)].map((n) => (n ? fold(n) : null)))) {
    text.push(n);
    if (n.includes(' ')) text.push(n.replace(/ /g, ''));
  }
  const keys = distinct([
    key,
    ...emails.map(emailKey),
    id,
    gigs?.u?.toLowerCase(),
    ...gigsSubs.flatMap(([subId, s]) => [subId.toLowerCase(), s.m?.toLowerCase(), s.i ? digitsOf(s.i) || s.i.toLowerCase() : null]),
    centra?.c?.toLowerCase(),
    ...contracts.flatMap(([contractId, c]) => [contractId, ...Object.keys(c.subs)]),
    ...phones.map(digitsOf),
  ]).filter((k) => !k.includes(' '));
  text.push(...distinct(emails.map(emailKey)), ...distinct(phones.map(digitsOf)));

  return {
    name,
    nameSort: name ? fold(name) : key,
    email: emails[0] ?? key,
    emails,
    phones,
    countries,
    systems,
    gigsUserId: gigs?.u ?? null,
    centraCustomerId: centra?.c ?? null,
    gigsLive: gigsSubs.filter(([, s]) => GIGS_LIVE.has(s.s)).length,
    centraLive: contracts.reduce((n, [, c]) => n + Object.values(c.subs).filter((s) => CENTRA_LIVE.has(s)).length, 0),
    searchText: text.join(' '),
    keys,
  };
}
