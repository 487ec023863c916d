import { canonicalJson } from '../../audit/canonical.ts';
import { customerIdFor } from '../normalise.ts';
import { derive } from './derive.ts';
import { applyCentra, applyGigs, type StagedPart } from './facts.ts';
import { subscriptionRows, type SubscriptionRow } from './subscriptions-index.ts';
import type { CentraFacts, GigsFacts } from '../types.ts';

/** A customers row as the builder reads it before changing it. */
export type ExistingRow = { seq: number; id: string; key: string; gigs: string | null; centra: string | null; keys: string | null; text: string | null };

/** The customers columns the builder derives from the facts (bound by name in row-writer.ts). */
export type DerivedColumns = {
  name: string | null;
  nameSort: string | null;
  email: string | null;
  emails: string;
  phones: string;
  countries: string;
  gigsUserId: string | null;
  centraCustomerId: string | null;
  inGigs: number;
  inCentra: number;
  gigsLive: number;
  centraLive: number;
  searchText: string;
  searchKeys: string;
};

/**
 * Everything the writer needs to put one person into the index: plain data, so that it can be
 * computed away from the writing thread (server/customers/index/build-worker.ts) and posted to it.
 */
export type PersonBuild = {
  key: string;
  id: string;
  /** The row this replaces, as it was when computed (null: a new person). */
  before: ExistingRow | null;
  gigs: string | null;
  centra: string | null;
  columns: DerivedColumns;
  keys: string[];
  subscriptions: SubscriptionRow[];
  /** The staged parts, kept when the index was not empty: if the row changed before the write, the writer recomputes. */
  parts?: StagedPart[];
};

/** Derived columns, search text and keys of one person's facts. */
export function columnsOf(id: string, key: string, gigs: GigsFacts | null, centra: CentraFacts | null): { columns: DerivedColumns; keys: string[] } {
  const d = derive(id, key, gigs, centra);
  return {
    keys: d.keys,
    columns: {
      name: d.name,
      nameSort: d.nameSort,
      email: d.email,
      emails: JSON.stringify(d.emails),
      phones: JSON.stringify(d.phones),
      countries: JSON.stringify(d.countries),
      gigsUserId: d.gigsUserId,
      centraCustomerId: d.centraCustomerId,
      inGigs: d.systems.includes('gigs') ? 1 : 0,
      inCentra: d.systems.includes('centra') ? 1 : 0,
      gigsLive: d.gigsLive,
      centraLive: d.centraLive,
      searchText: d.searchText,
      searchKeys: d.keys.join(' '),
    },
  };
}

/**
 * One person's staged parts (in crawl order) applied to what the index had. Null when nothing
 * changes: the row exists, is built, and its facts come out the same.
 */
export function buildPerson(key: string, parts: StagedPart[], row: ExistingRow | undefined): PersonBuild | null {
  let gigs: GigsFacts | undefined = row?.gigs ? JSON.parse(row.gigs) : undefined;
  let centra: CentraFacts | undefined = row?.centra ? JSON.parse(row.centra) : undefined;
  for (const part of parts) {
    if (part.t === 'gu' || part.t === 'gs') gigs = applyGigs(gigs, part);
    else centra = applyCentra(centra, part);
  }
  const gigsJson = gigs ? JSON.stringify(gigs) : null;
  const centraJson = centra ? JSON.stringify(centra) : null;
  if (row && row.text !== null && sameJson(gigsJson, row.gigs) && sameJson(centraJson, row.centra)) return null;
  const id = row?.id ?? customerIdFor(key);
  const { columns, keys } = columnsOf(id, key, gigs ?? null, centra ?? null);
  return {
    key,
    id,
    before: row ?? null,
    gigs: gigsJson,
    centra: centraJson,
    columns,
    keys,
    subscriptions: subscriptionRows(gigs ?? null, centra ?? null),
  };
}

/**
 * The same facts as JSON. PostgreSQL keeps jsonb in its own key order (the row's facts come back
 * canonical, server/customers/index/writer/postgres.ts), so text that differs is compared again
 * key-sorted; on SQLite the text is what the builder wrote, and equal text is the usual case.
 */
export function sameJson(a: string | null, b: string | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return canonicalJson(JSON.parse(a)) === canonicalJson(JSON.parse(b));
}
