import type { CustomerSort } from './search.ts';

/**
 * How a search's candidates become a page, whatever engine found them (the SQLite search in
 * search.ts and the PostgreSQL one in server/storage/pg/search.ts): exact keys first, in the order
 * found; then every other match once, at most `cap`, sorted by the sort column bytewise with seq as
 * the tie-break. docs/postgres.md: search.ts is to call this instead of ranking inline.
 */
export type Candidate = { seq: number; sortKey: string | null };

export function rankCandidates(exact: Candidate[], others: Candidate[], sort: CustomerSort, cap: number) {
  const exactSeqs = new Set(exact.map((c) => c.seq));
  const seen = new Set(exactSeqs);
  const rest = others.filter((c) => (seen.has(c.seq) ? false : (seen.add(c.seq), true)));
  const capped = rest.length > cap;
  const dir = sort.order === 'ASC' ? 1 : -1;
  const kept = rest.slice(0, cap);
  kept.sort((a, b) => dir * ((a.sortKey ?? '') < (b.sortKey ?? '') ? -1 : (a.sortKey ?? '') > (b.sortKey ?? '') ? 1 : a.seq - b.seq));
  const ranked = [...exact, ...kept];
  return { ranked, exactSeqs, total: Math.min(ranked.length, cap), capped: capped || ranked.length > cap };
}
