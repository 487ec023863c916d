/**
 * What the index keeps per system for one person: compact, merged page by page by the crawl.
 * Short keys keep a million rows small; these shapes never leave the server.
 */
export type GigsSubscriptionFacts = {
  /** status */ s: string;
  /** phone number (E.164) */ p?: string | null;
  /** SIM id */ m?: string | null;
  /** ICCID */ i?: string | null;
  /** plan id (`pln_…`), for indexed_subscriptions */ pl?: string | null;
  /** plan provider (the "item" column for Gigs) */ v?: string | null;
  /** createdAt */ c?: string | null;
  /** canceledAt, or endedAt when canceled without one */ x?: string | null;
};

export type GigsFacts = {
  /** user id */ u?: string;
  /** e-mail as Gigs has it */ e?: string;
  /** full name */ n?: string | null;
  subs: Record<string, GigsSubscriptionFacts>;
};

export type CentraContractFacts = {
  /** shipping country */ co?: string | null;
  /** shipping phone */ p?: string | null;
  /** shipping e-mail */ e?: string | null;
  /** shipping name */ n?: string | null;
  /** subscription id → status */
  subs: Record<string, string>;
  /** subscription id → what the plans pages need (absent in rows written before it existed). */
  sd?: Record<string, CentraSubscriptionDetails>;
};

export type CentraSubscriptionDetails = {
  /** plan id */ pl: string | null;
  /** discount percent */ d: number | null;
  /** first line's item */ it: string | null;
  /** createdAt */ c: string | null;
};

export type CentraFacts = {
  /** customer id */ c?: string;
  /** e-mail as Centra has it */ e?: string;
  f?: string | null;
  l?: string | null;
  co?: string | null;
  p?: string | null;
  /** contract id → facts */
  k: Record<string, CentraContractFacts>;
};

/** Statuses that count as a live subscription in each system. */
export const GIGS_LIVE = new Set(['active', 'pending', 'initiated']);
export const CENTRA_LIVE = new Set(['active', 'paused']);

export type SystemName = 'gigs' | 'centra';
