import type { PgDb } from '../../../db/pg.ts';
import { occursAsMeant, parseQuery, prefixUpperBound, type ParsedQuery } from '../../customers/search/query.ts';
import { rankCandidates, type Candidate } from '../../customers/search/search-rank.ts';
import { LIST_COLUMNS, SEARCH_CAP, SORT_COLUMN, type CustomerFilter, type CustomerListRow, type CustomerSort } from '../../customers/search/search.ts';
import type { SystemName } from '../../customers/types.ts';
import { rarestTrigrams, TrigramSample, trigramsOf } from './trigram-sample.ts';

/**
 * The customer search on PostgreSQL: the same matches and ranking as server/customers/search/search.ts.
 * - exact keys and key prefixes: customer_keys, a bytewise B-tree (the entry as a whole key, then
 *   as the start of one);
 * - substrings of names, e-mails and phone digits: every word must occur in search_text, found
 *   through the pg_trgm GIN index (SQLite: FTS5 trigram) given each word's two rarest trigrams
 *   (trigram-sample.ts) and checked whole on the rows it proposes. Which of them the agent meant
 *   (not only across the joined form of a name) is decided by query.ts's occursAsMeant, the one
 *   implementation of that rule, on the candidates here in the process, where SQLite calls it
 *   from SQL. A page of candidates short of the cap after that check is asked for again, larger,
 *   until the index has no more;
 * - a word of digits (a phone number or its tail), or with a run of 5 digits ("emilie.celik43576"),
 *   takes its candidates from customer_digit_suffixes instead: a B-tree range over the suffixes
 *   of every run of digits, where the trigram index would read a long list for each digit
 *   trigram (each occurs in 1 to 3% of people; docs/postgres.md has the figures);
 * - one or two characters: a bytewise range on name_sort and email_key.
 * The lookups of one entry go to the server as one statement.
 */
export type PgCustomerListRow = Omit<CustomerListRow, 'exactKind'> & {
  /** The query as the exact key it matched on this row, else null (what the kind of match is read from). */
  exactKey: string | null;
};

type Raw = {
  seq: number;
  id: string;
  name: string | null;
  email: string | null;
  emails: string[] | null;
  phones: string[] | null;
  countries: string[] | null;
  in_gigs: boolean;
  in_centra: boolean;
  gigs_user_id: string | null;
  centra_customer_id: string | null;
  gigs_live: number;
  centra_live: number;
  updated_at: string;
};

function toRow(r: Raw, exactKey: string | null): PgCustomerListRow {
  const systems: SystemName[] = [];
  if (r.in_gigs) systems.push('gigs');
  if (r.in_centra) systems.push('centra');
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    emails: r.emails ?? [],
    phones: r.phones ?? [],
    countries: r.countries ?? [],
    systems,
    gigsUserId: r.gigs_user_id,
    centraCustomerId: r.centra_customer_id,
    gigsLive: r.gigs_live,
    centraLive: r.centra_live,
    updatedAt: r.updated_at,
    exact: exactKey !== null,
    exactKey,
  };
}

const MIN_TRIGRAM_WORD = 3;

/** LIKE pattern for a substring, its wildcards taken literally. */
const contains = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Digits in a row that pick out few people through customer_digit_suffixes: a run of 5 matches
 * about one person in ten thousand. A shorter run inside a word of letters ("sub_03zx7nuojf109kg")
 * would propose thousands of rows for the word's letters to reject, which its trigrams skip.
 */
const SELECTIVE_DIGIT_RUN = 5;

/**
 * The run of digits to look a word up by in customer_digit_suffixes: the word itself when it is
 * all digits (the suffixes then find exactly the rows holding it), else its longest run when that
 * is selective; null when the trigrams serve it better.
 */
function digitRun(word: string): string | null {
  if (/^[0-9]+$/.test(word)) return word;
  const longest = (word.match(/[0-9]+/g) ?? []).reduce((a, b) => (b.length > a.length ? b : a), '');
  return longest.length >= SELECTIVE_DIGIT_RUN ? longest : null;
}

/**
 * The digit runs to look up for the group whose every alternative holds one (a row holding the
 * word holds its run, so the run's suffix range finds every such row), the longest such runs
 * (fewest rows) when several groups do; null when none does.
 */
function digitGroup(groups: string[][]): string[] | null {
  let best: string[] | null = null;
  for (const alts of groups) {
    const runs = alts.map(digitRun);
    if (runs.some((r) => r === null)) continue;
    const shortest = Math.min(...runs.map((r) => r!.length));
    if (!best || shortest > Math.min(...best.map((r) => r.length))) best = runs as string[];
  }
  return best && [...new Set(best)];
}

type Args = { filter: CustomerFilter; sort: CustomerSort; start: number; limit: number };

/** Positional parameters, numbered as they are added. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * Trigrams of a word handed to the index. Each is a posting list read whole; two rare ones
 * already pick out about the rows holding the word ("ngr" and "lse": the 589 rows holding
 * "ingrid" and "nielsen" among a million).
 */
const TRIGRAMS_PER_WORD = 2;

export class PgCustomerSearch {
  private readonly trigrams: TrigramSample;

  constructor(private readonly db: PgDb) {
    this.trigrams = new TrigramSample(db);
  }

  private async rows<T>(text: string, values: unknown[]): Promise<T[]> {
    return (await this.db.$client.query(text, values)).rows as T[];
  }

  /** The filter (everything but q) as SQL over alias `c`. */
  private filterSql(f: CustomerFilter, p: Params): string {
    const where = ['c.search_text IS NOT NULL'];
    if (f.system === 'gigs') where.push('c.in_gigs');
    if (f.system === 'centra') where.push('c.in_centra');
    if (f.system === 'both') where.push('c.in_gigs AND c.in_centra');
    if (f.hasActive === true) where.push('c.gigs_live + c.centra_live > 0');
    if (f.hasActive === false) where.push('c.gigs_live + c.centra_live = 0');
    if (f.country) where.push(`c.countries @> ${p.add(JSON.stringify([f.country.trim().toUpperCase()]))}::jsonb`);
    if (f.id !== undefined) where.push(`c.id = ANY(${p.add(Array.isArray(f.id) ? f.id : [f.id])}::text[])`);
    return where.join(' AND ');
  }

  async list(args: Args): Promise<{ rows: PgCustomerListRow[]; total: number; capped: boolean }> {
    const parsed = args.filter.q ? parseQuery(args.filter.q) : null;
    return parsed ? this.search(parsed, args) : this.browse(args);
  }

  /** No query: the filtered list in index order, total counted up to the cap. */
  private async browse({ filter, sort, start, limit }: Args) {
    const p = new Params();
    const where = this.filterSql(filter, p);
    const col = SORT_COLUMN[sort.field];
    const [rows, [count]] = await Promise.all([
      this.rows<Raw>(
        `SELECT ${LIST_COLUMNS} FROM customers c WHERE ${where} ORDER BY c.${col} ${sort.order}, c.seq ${sort.order} LIMIT ${limit} OFFSET ${start}`,
        p.values,
      ),
      this.rows<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 FROM customers c WHERE ${where} LIMIT ${SEARCH_CAP + 1}) x`, p.values),
    ]);
    const n = count!.n;
    return { rows: rows.map((r) => toRow(r, null)), total: Math.min(n, SEARCH_CAP), capped: n > SEARCH_CAP };
  }

  /** Candidates by customer_keys: `cond` over alias k, parameters in `p`. */
  private keySql(filter: CustomerFilter, sort: CustomerSort, cond: string, cap: number, p: Params): string {
    return `SELECT DISTINCT c.seq AS seq, c.${SORT_COLUMN[sort.field]} AS "sortKey" FROM customer_keys k JOIN customers c ON c.seq = k.seq
      WHERE ${cond} AND ${this.filterSql(filter, p)} LIMIT ${cap}`;
  }

  /**
   * Rows holding every word (any alternative of each group) and every short word, in seq order as
   * SQLite's FTS5 gives them, as SQL ending before its LIMIT (parameters in `p`), with the check
   * of which of them the agent meant; null when a word is too short to be found at all. An index
   * proposes (the digit suffixes when a group allows, else the trigrams); occursAsMeant decides.
   */
  private async wordsSql(
    q: ParsedQuery,
    filter: CustomerFilter,
    sort: CustomerSort,
    p: Params,
  ): Promise<{ sql: string; meant: (text: string) => boolean } | null> {
    // A word under three characters cannot match through a trigram index: in SQLite's FTS5 it
    // matches nothing ("0000012" also tries "12"). The same here: such alternatives are dropped.
    const groups = q.groups.map((alts) => alts.filter((w) => w.length >= MIN_TRIGRAM_WORD));
    if (groups.some((alts) => !alts.length)) return null;
    const where = this.filterSql(filter, p);
    const columns = `c.seq AS seq, c.${SORT_COLUMN[sort.field]} AS "sortKey", c.search_text AS text`;
    const meant = (text: string) => groups.every((alts) => alts.some((w) => occursAsMeant(text, w))) && q.short.every((w) => occursAsMeant(text, w));
    const runs = digitGroup(groups);
    if (runs) {
      // strpos, not LIKE: the words are checked on the rows the suffixes found, never through the trigram index.
      const holds = (w: string) => `strpos(c.search_text, ${p.add(w)}) > 0`;
      const ranges = runs.map((run) => `(s.suffix >= ${p.add(run)} AND s.suffix < ${p.add(prefixUpperBound(run))})`);
      const checks = [...groups.map((alts) => `(${alts.map(holds).join(' OR ')})`), ...q.short.map(holds)];
      const sql = `SELECT ${columns} FROM (SELECT DISTINCT s.seq FROM customer_digit_suffixes s WHERE ${ranges.join(' OR ')}) d
        JOIN customers c ON c.seq = d.seq WHERE ${checks.join(' AND ')} AND ${where} ORDER BY c.seq`;
      return { sql, meant };
    }
    const counts = await this.trigrams.counts();
    // The index gets a long word's rarest trigrams only; the word itself is checked whole on the rows they find.
    const holds = (w: string) => {
      const rare = rarestTrigrams(w, counts, TRIGRAMS_PER_WORD);
      if (trigramsOf(w).size <= rare.length) return `c.search_text LIKE ${p.add(contains(w))}`;
      return `(${rare.map((t) => `c.search_text LIKE ${p.add(`%${t}%`)}`).join(' AND ')} AND strpos(c.search_text, ${p.add(w)}) > 0)`;
    };
    const likes = [...groups.map((alts) => `(${alts.map(holds).join(' OR ')})`), ...q.short.map((w) => `c.search_text LIKE ${p.add(contains(w))}`)];
    return { sql: `SELECT ${columns} FROM customers c WHERE ${likes.join(' AND ')} AND ${where}`, meant };
  }

  /**
   * Every lookup the entry needs, in one statement (one round trip: on a busy machine each is a
   * wait for the server's process and then for this one), its rows tagged by lookup:
   * 1. the whole entry as an exact key (any id, e-mail, phone number): ranked first;
   * 2. the entry as the start of a key ("sub_0SNl", a pasted ICCID prefix, Centra ids 1234...);
   * 3. substrings: every 3+ character word must occur, short words too; or, with no such word, a
   *    prefix range on the indexed name and e-mail (trigrams cannot help under 3 characters).
   * A whole e-mail address that is someone's is that person: its other lookups would only add
   * noise, and the statement skips them when the exact one finds it.
   */
  private async search(q: ParsedQuery, { filter, sort, start, limit }: Args) {
    const cap = SEARCH_CAP + 1;
    const p = new Params();
    const parts: string[] = [];
    const exactCte = q.exact ? `WITH exact AS MATERIALIZED (${this.keySql(filter, sort, `k.key = ${p.add(q.exact)}`, 50, p)}) ` : '';
    if (q.exact) parts.push(`SELECT 'exact' AS lookup, seq, "sortKey", NULL::text AS text FROM exact`);
    const unlessWholeEmail = q.exact?.includes('@') ? ' WHERE NOT EXISTS (SELECT 1 FROM exact)' : '';
    if (q.exact && q.exact.length >= 3) {
      const range = `k.key >= ${p.add(q.exact)} AND k.key < ${p.add(prefixUpperBound(q.exact))}`;
      parts.push(`SELECT 'key prefix' AS lookup, seq, "sortKey", NULL AS text FROM (${this.keySql(filter, sort, range, cap, p)}) x${unlessWholeEmail}`);
    }
    const words = q.groups.length ? await this.wordsSql(q, filter, sort, p) : null;
    if (words) parts.push(`SELECT 'words' AS lookup, seq, "sortKey", text FROM (${words.sql} LIMIT ${cap}) x${unlessWholeEmail}`);
    else if (!q.groups.length && q.prefix) {
      const [lo, hi] = [p.add(q.prefix), p.add(prefixUpperBound(q.prefix))];
      parts.push(`SELECT 'words' AS lookup, c.seq AS seq, c.${SORT_COLUMN[sort.field]} AS "sortKey", NULL AS text FROM customers c
        WHERE ((c.name_sort >= ${lo} AND c.name_sort < ${hi}) OR (c.email_key >= ${lo} AND c.email_key < ${hi})) AND ${this.filterSql(filter, p)} LIMIT ${cap}`);
    }
    const found = parts.length
      ? await this.rows<Candidate & { lookup: 'exact' | 'key prefix' | 'words'; text: string | null }>(
          exactCte + parts.map((s) => `(${s})`).join(' UNION ALL '),
          p.values,
        )
      : [];
    const from = (lookup: string) => found.filter((r) => r.lookup === lookup);
    let matched: (Candidate & { text: string | null })[] = from('words');
    if (words) {
      matched = matched.filter((r) => words.meant(r.text!));
      // Fewer than the cap meant among a full page of candidates: ask the words alone again, larger.
      for (let ask = cap * 4, page = from('words').length; page === ask / 4 && matched.length < cap; ask *= 4) {
        const again = new Params();
        const retry = (await this.wordsSql(q, filter, sort, again))!;
        const rows = await this.rows<Candidate & { text: string }>(`${retry.sql} LIMIT ${ask}`, again.values);
        matched = rows.filter((r) => words.meant(r.text));
        page = rows.length;
      }
      matched = matched.slice(0, cap);
    }
    const only = (rows: Candidate[]) => rows.map(({ seq, sortKey }) => ({ seq, sortKey }));
    const { ranked, exactSeqs, total, capped } = rankCandidates(only(from('exact')), [...only(from('key prefix')), ...only(matched)], sort, SEARCH_CAP);
    const page = ranked.slice(start, start + limit);
    const bySeq = new Map<number, Raw>();
    if (page.length)
      for (const r of await this.rows<Raw>(`SELECT ${LIST_COLUMNS} FROM customers c WHERE c.seq = ANY($1::bigint[])`, [page.map((c) => c.seq)]))
        bySeq.set(r.seq, r);
    const rows = page
      .map((c) => bySeq.get(c.seq))
      .filter((r): r is Raw => Boolean(r))
      .map((r) => toRow(r, exactSeqs.has(r.seq) ? q.exact : null));
    return { rows, total, capped };
  }

  /** One customer's index row (the header of the customer page). */
  async byId(id: string): Promise<(PgCustomerListRow & { gigs: string | null; centra: string | null; emailKey: string }) | null> {
    const [r] = await this.rows<Raw & { email_key: string; gigs: string | null; centra: string | null }>(
      `SELECT ${LIST_COLUMNS}, email_key, gigs::text AS gigs, centra::text AS centra FROM customers c WHERE c.id = $1`,
      [id],
    );
    return r ? { ...toRow(r, null), gigs: r.gigs, centra: r.centra, emailKey: r.email_key } : null;
  }
}
