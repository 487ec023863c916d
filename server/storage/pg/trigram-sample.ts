import type { PgDb } from '../../../db/pg.ts';

/**
 * How common each trigram is in the customers' search text, from a sample of rows, so the search
 * can hand the pg_trgm index a word's rarest trigrams rather than all of them
 * (server/storage/pg/search.ts). The GIN index reads the whole posting list of every trigram it
 * is given: "ingrid nielsen" as its nine trigrams reads about 170 index pages in 4 ms at a million
 * people; as its two rarest ("ngr", "lse") 0.5 ms, for the same 589 rows (docs/postgres.md). The
 * estimate only steers speed: every word is still checked whole on the rows the index proposes.
 */
export class TrigramSample {
  private current: Map<string, number> | null = null;
  private takenAt = 0;
  private taking: Promise<Map<string, number>> | null = null;

  constructor(
    private readonly db: PgDb,
    /** About this many rows are read (a block sample: whole pages, REPEATABLE so runs agree). */
    private readonly rows = 10_000,
    /** Taken again this often: new people shift the counts slowly. */
    private readonly maxAgeMs = 60 * 60 * 1000,
  ) {}

  /**
   * Rows of the sample holding each trigram. The first search waits for the sample; later ones
   * use the one they have while a stale one is taken again (kept if that fails: tried next time).
   */
  counts(): Promise<Map<string, number>> {
    if (this.current && Date.now() - this.takenAt <= this.maxAgeMs) return Promise.resolve(this.current);
    if (!this.taking) {
      this.taking = this.take()
        .then((counts) => {
          this.current = counts;
          this.takenAt = Date.now();
          return counts;
        })
        .finally(() => {
          this.taking = null;
        });
      if (this.current) this.taking.catch(() => {});
    }
    return this.current ? Promise.resolve(this.current) : this.taking;
  }

  private async take(): Promise<Map<string, number>> {
    const client = this.db.$client;
    const [{ estimate }] = (await client.query<{ estimate: number }>(`SELECT reltuples::float8 AS estimate FROM pg_class WHERE oid = 'customers'::regclass`))
      .rows as [{ estimate: number }];
    // reltuples is -1 before the first VACUUM or ANALYZE: then the whole table, which is small.
    const percent = estimate > this.rows ? (100 * this.rows) / estimate : 100;
    const { rows } = await client.query<{ text: string }>(
      `SELECT search_text AS text FROM customers TABLESAMPLE SYSTEM ($1) REPEATABLE (0) WHERE search_text IS NOT NULL`,
      [percent],
    );
    const counts = new Map<string, number>();
    for (const { text } of rows) for (const t of trigramsOf(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
    return counts;
  }
}

/**
 * The trigrams of a folded text that pg_trgm indexes from inside a LIKE '%…%' pattern: three
 * letters or digits in a row (pg_trgm splits words at anything else; folded text has only a-z
 * and 0-9 for letters and digits), each once.
 */
export function trigramsOf(text: string): Set<string> {
  const found = new Set<string>();
  for (const run of text.match(/[a-z0-9]{3,}/g) ?? []) for (let i = 0; i + 3 <= run.length; i++) found.add(run.slice(i, i + 3));
  return found;
}

/** A word's `n` least common trigrams by the sample (none when it has no run of three letters or digits). */
export function rarestTrigrams(word: string, counts: Map<string, number>, n: number): string[] {
  return [...trigramsOf(word)].sort((a, b) => (counts.get(a) ?? 0) - (counts.get(b) ?? 0) || (a < b ? -1 : 1)).slice(0, n);
}
