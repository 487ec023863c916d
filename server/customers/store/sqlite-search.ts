import type Database from 'better-sqlite3';
import type { Db } from '../../../db/connection.ts';
import { ftsExpression, occursAsMeant, parseQuery, prefixUpperBound } from '../search/query.ts';
import {
  exactKindOf,
  SEARCH_CAP,
  type CustomerFilter,
  type CustomerIndexRow,
  type CustomerListRow,
  type SearchArgs,
  type SearchPage,
  LIST_COLUMNS,
  SORT_COLUMN,
} from '../search/search.ts';
import type { SystemName } from '../types.ts';

type Raw = {
  seq: number;
  id: string;
  name: string | null;
  email: string | null;
  emails: string | null;
  phones: string | null;
  countries: string | null;
  in_gigs: number;
  in_centra: number;
  gigs_user_id: string | null;
  centra_customer_id: string | null;
  gigs_live: number;
  centra_live: number;
  updated_at: string;
};
type Candidate = { seq: number; sortKey: string | null };

const parseList = (s: string | null): string[] => (s ? (JSON.parse(s) as string[]) : []);

/** `exactKey`: the query as an exact key when it was one of this row's keys, else null. */
function toRow(r: Raw, exactKey: string | null): CustomerListRow {
  const systems: SystemName[] = [];
  if (r.in_gigs) systems.push('gigs');
  if (r.in_centra) systems.push('centra');
  const phones = parseList(r.phones);
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    emails: parseList(r.emails),
    phones,
    countries: parseList(r.countries),
    systems,
    gigsUserId: r.gigs_user_id,
    centraCustomerId: r.centra_customer_id,
    gigsLive: r.gigs_live,
    centraLive: r.centra_live,
    updatedAt: r.updated_at,
    exact: exactKey !== null,
    exactKind: exactKey === null ? null : exactKindOf(exactKey, phones),
  };
}

/**
 * The customer search on SQLite: exact keys and key prefixes through customer_keys, substrings
 * through the FTS5 trigram index, checked by query.ts's occursAsMeant from SQL. Synchronous: the
 * store (sqlite.ts) answers each search with one promise; tests and the bench call it directly.
 */
export class SqliteCustomerSearch {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(private readonly db: Db) {
    // The trigram index finds candidates; this keeps those whose match an agent meant (query.ts).
    db.$client.function('occurs_as_meant', { deterministic: true }, (text: unknown, word: unknown) => (occursAsMeant(String(text), String(word)) ? 1 : 0));
  }

  private prepare(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.$client.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** The filter (everything but q) as SQL over alias `c`, with named parameters. */
  private filterSql(f: CustomerFilter, params: Record<string, unknown>): string {
    const where = ['c.search_text IS NOT NULL'];
    if (f.system === 'gigs') where.push('c.in_gigs = 1');
    if (f.system === 'centra') where.push('c.in_centra = 1');
    if (f.system === 'both') where.push('c.in_gigs = 1 AND c.in_centra = 1');
    if (f.hasActive === true) where.push('c.gigs_live + c.centra_live > 0');
    if (f.hasActive === false) where.push('c.gigs_live + c.centra_live = 0');
    if (f.country) {
      where.push(`instr(c.countries, @country) > 0`);
      params.country = JSON.stringify(f.country.trim().toUpperCase());
    }
    if (f.id !== undefined) {
      where.push('c.id IN (SELECT value FROM json_each(@ids))');
      params.ids = JSON.stringify(Array.isArray(f.id) ? f.id : [f.id]);
    }
    return where.join(' AND ');
  }

  list(args: SearchArgs): SearchPage {
    const parsed = args.filter.q ? parseQuery(args.filter.q) : null;
    return parsed ? this.search(parsed, args) : this.browse(args);
  }

  /** No query: the filtered list in index order, total counted up to the cap. */
  private browse({ filter, sort, start, limit }: SearchArgs): SearchPage {
    const params: Record<string, unknown> = { limit, start };
    const where = this.filterSql(filter, params);
    const col = SORT_COLUMN[sort.field];
    const rows = this.prepare(
      `SELECT ${LIST_COLUMNS} FROM customers c WHERE ${where} ORDER BY c.${col} ${sort.order}, c.seq ${sort.order} LIMIT @limit OFFSET @start`,
    ).all(params) as Raw[];
    const { n } = this.prepare(`SELECT count(*) AS n FROM (SELECT 1 FROM customers c WHERE ${where} LIMIT ${SEARCH_CAP + 1})`).get(params) as { n: number };
    return { rows: rows.map((r) => toRow(r, null)), total: Math.min(n, SEARCH_CAP), capped: n > SEARCH_CAP };
  }

  private search(q: NonNullable<ReturnType<typeof parseQuery>>, { filter, sort, start, limit }: SearchArgs): SearchPage {
    const params: Record<string, unknown> = {};
    const where = this.filterSql(filter, params);
    const col = SORT_COLUMN[sort.field];
    const fts = (match: string, extra: string, cap: number) =>
      this.prepare(`SELECT c.seq AS seq, c.${col} AS sortKey FROM customers_fts CROSS JOIN customers c ON c.seq = customers_fts.rowid
        WHERE customers_fts MATCH @match AND ${where}${extra} LIMIT ${cap}`).all({ ...params, match }) as Candidate[];

    const byKey = (cond: string, extra: Record<string, unknown>, cap: number) =>
      this.prepare(`SELECT DISTINCT c.seq AS seq, c.${col} AS sortKey FROM customer_keys k CROSS JOIN customers c ON c.seq = k.seq
        WHERE ${cond} AND ${where} LIMIT ${cap}`).all({ ...params, ...extra }) as Candidate[];

    // 1. The whole entry as an exact key (any id, e-mail, phone number): ranked first.
    const exact = q.exact ? byKey('k.key = @exact', { exact: q.exact }, 50) : [];
    const exactSeqs = new Set(exact.map((c) => c.seq));

    // A whole e-mail address that is someone's is that person: substrings of it would only add
    // noise, and its trigrams ("exa", "com", ...) occur in every row, so skip the scan.
    const wholeEmail = exact.length > 0 && Boolean(q.exact?.includes('@'));

    // 2. The entry as the start of a key ("sub_0SNl", a pasted ICCID prefix, Centra ids 1234...).
    let others: Candidate[] =
      !wholeEmail && q.exact && q.exact.length >= 3
        ? byKey('k.key >= @lo AND k.key < @hi', { lo: q.exact, hi: prefixUpperBound(q.exact) }, SEARCH_CAP + 1)
        : [];

    // 3. Substrings of names, e-mails and phones: every 3+ character word must occur, short words too.
    if (wholeEmail) {
      // done: the exact hit above
    } else if (q.groups.length) {
      q.short.forEach((w, i) => (params[`short${i}`] = w));
      q.groups.forEach((alts, i) => alts.forEach((w, j) => (params[`word${i}_${j}`] = w)));
      const meant = q.groups.map((alts, i) => ` AND (${alts.map((_, j) => `occurs_as_meant(c.search_text, @word${i}_${j})`).join(' OR ')})`).join('');
      const extra = q.short.map((_, i) => ` AND occurs_as_meant(c.search_text, @short${i})`).join('') + meant;
      others = others.concat(fts(ftsExpression(q.groups), extra, SEARCH_CAP + 1));
    } else if (q.prefix) {
      // Under 3 characters trigrams cannot help: a prefix range on the indexed name and e-mail.
      Object.assign(params, { lo: q.prefix, hi: prefixUpperBound(q.prefix) });
      others = others.concat(
        this.prepare(`SELECT c.seq AS seq, c.${col} AS sortKey FROM customers c
        WHERE ((c.name_sort >= @lo AND c.name_sort < @hi) OR (c.email_key >= @lo AND c.email_key < @hi)) AND ${where} LIMIT ${SEARCH_CAP + 1}`).all(
          params,
        ) as Candidate[],
      );
    }
    const seen = new Set(exactSeqs);
    others = others.filter((c) => (seen.has(c.seq) ? false : (seen.add(c.seq), true)));
    const capped = others.length > SEARCH_CAP;
    const dir = sort.order === 'ASC' ? 1 : -1;
    const rest = others.slice(0, SEARCH_CAP);
    rest.sort((a, b) => dir * ((a.sortKey ?? '') < (b.sortKey ?? '') ? -1 : (a.sortKey ?? '') > (b.sortKey ?? '') ? 1 : a.seq - b.seq));
    const ranked = [...exact, ...rest];
    const page = ranked.slice(start, start + limit);
    const bySeq = new Map<number, Raw>();
    if (page.length) {
      for (const r of this.prepare(`SELECT ${LIST_COLUMNS} FROM customers c WHERE c.seq IN (SELECT value FROM json_each(@seqs))`).all({
        seqs: JSON.stringify(page.map((c) => c.seq)),
      }) as Raw[])
        bySeq.set(r.seq, r);
    }
    const rows = page
      .map((c) => bySeq.get(c.seq))
      .filter((r): r is Raw => Boolean(r))
      .map((r) => toRow(r, exactSeqs.has(r.seq) ? q.exact : null));
    return { rows, total: Math.min(ranked.length, SEARCH_CAP), capped: capped || ranked.length > SEARCH_CAP };
  }

  /** One customer's index row (the header of the customer page). */
  byId(id: string): CustomerIndexRow | null {
    const r = this.prepare(`SELECT ${LIST_COLUMNS}, email_key, gigs, centra FROM customers c WHERE c.id = ?`).get(id) as
      | (Raw & { email_key: string; gigs: string | null; centra: string | null })
      | undefined;
    if (!r) return null;
    return { ...toRow(r, null), gigs: r.gigs, centra: r.centra, emailKey: r.email_key };
  }
}
