import type { CentraFacts, GigsFacts, SystemName } from '../../types.ts';

type FactsOf<C extends SystemName> = C extends 'gigs' ? GigsFacts : CentraFacts;

/** Changes one person's facts for one system; receives the current facts (or undefined), returns the new ones (null: none). */
export type FactsUpdate<C extends SystemName> = (current: FactsOf<C> | undefined) => FactsOf<C> | null;

/** Updates to some people's facts, per system, keyed by e-mail key. */
export type IndexUpdates = { gigs?: Map<string, FactsUpdate<'gigs'>>; centra?: Map<string, FactsUpdate<'centra'>> };

/** A person's row as a Gigs change sees it: its Gigs facts and when the row was last written. */
export type GigsRow = { key: string; gigs: GigsFacts | null; updatedAt: string };

/** A person's row as a Centra change sees it. */
export type CentraRow = { key: string; centra: CentraFacts | null };

/**
 * The customer index's writing side on the engine that runs, for everything that changes people
 * outside a crawl's staged build: a refresh after an action, the contract walk, Centra's events,
 * Gigs' webhooks, and the end of a full crawl. Each `write` merges and rebuilds the people it
 * names in one transaction (derived columns, search text, exact keys, indexed subscriptions), so
 * staff never find a row whose facts and search disagree. Rows are never deleted: a person no
 * system knows keeps their row, found by e-mail and id.
 *
 * SQLite: server/customers/index/writer/sqlite.ts over CustomerStore (store.ts). PostgreSQL:
 * server/customers/index/writer/postgres.ts. Built by server/customers/index/writer/index.ts.
 */
export interface IndexWriter {
  /** No row yet: the index was never filled. */
  isEmpty(): Promise<boolean>;
  /**
   * Applies the updates (each to the facts as they are inside the transaction) and rebuilds every
   * person they name, in one transaction. `unchangedSince`: e-mail key → the `updatedAt` the
   * caller decided on (null: there was no row); when any row was written since, nothing is written
   * and null comes back (the caller decides again). `readLive`: the updates are what the upstreams
   * said just now (a refresh), so the rows count as written now even where the facts came out the
   * same: a change-feed event older than that read is then in doubt, not written over it.
   * Returns how many rows' facts changed.
   */
  write(updates: IndexUpdates, unchangedSince?: Map<string, string | null>, how?: { readLive: boolean }): Promise<number | null>;
  /**
   * After a complete full crawl: clears the facts of each system that did not mention the person
   * (`seen`: the e-mail keys each system's lists did) and marks them for buildAll. Rows written
   * since `since` are left alone (a refresh read the upstreams live). Returns the people who lost a system.
   */
  forgetUnseen(seen: Record<SystemName, Set<string>>, since: string): Promise<number>;
  /** Builds every row marked dirty, the server answering in between. Returns how many were built. */
  buildAll(onProgress?: (built: number) => void): Promise<number>;
  /** The rows a Gigs change may touch: the person this Gigs user is in the index as, and the person with this e-mail key. */
  gigsRowsOf(userId: string, key: string | null): Promise<GigsRow[]>;
  /**
   * Of Gigs parts (JSON) and their people's keys, the ones that would change what the index has:
   * an incremental crawl reads all of Gigs again, and most of it is what the index already says.
   */
  gigsPartsThatChange(keys: string[], parts: string[]): Promise<{ keys: string[]; parts: string[] }>;
  /** The people the index has as this Centra customer. */
  centraRowsOfCustomer(customerId: string): Promise<CentraRow[]>;
  /** The people with this id among their exact keys (a contract or subscription id; at most 20), with their Centra facts. */
  centraRowsWithKey(id: string): Promise<CentraRow[]>;
  /** plan_stats follow refreshes, debounced (server/customers/index/plan-stats.ts); a crawl notes its own recount. */
  readonly planStats: { soon(): void; computed(at: number): void };
}
