import { digitsOf, fold, isDigitQuery } from './normalise.ts';

/**
 * A search box entry turned into what the index can answer:
 * - `exact`: the whole entry as an exact key (e-mail, id, phone digits) in customer_keys, which
 *   also answers it as a key prefix ("sub_0SNl", "8988307");
 * - `groups`: FTS phrases of 3+ characters, all required (each group is an OR of alternatives);
 * - `short`: words under 3 characters, which trigrams cannot index, checked with instr();
 * - `prefix`: when no group is left, a prefix match on the indexed name and e-mail columns.
 */
export type ParsedQuery = {
  exact: string | null;
  groups: string[][];
  short: string[];
  prefix: string | null;
};

export function parseQuery(raw: string): ParsedQuery | null {
  const trimmed = raw.trim();
  if (!trimmed) return null;
  if (isDigitQuery(trimmed)) {
    // Phones in any format: "+1 959 123 4567", "959-123-4567", "1234567" all become digits.
    const d = digitsOf(trimmed);
    const alternatives = [d];
    // A national number with its trunk zero ("070 123 45 67") is stored as +46 70...: also try without it.
    if (d.length >= 6 && d.startsWith('0')) alternatives.push(d.replace(/^0+/, ''));
    return d.length >= 3 ? { exact: d, groups: [alternatives], short: [], prefix: null } : { exact: d, groups: [], short: [], prefix: null };
  }
  const folded = fold(trimmed);
  if (!folded) return null;
  const words = folded.split(' ').filter(Boolean);
  const long = words.filter((w) => w.length >= 3);
  const short = words.filter((w) => w.length < 3);
  return {
    exact: words.length === 1 ? words[0]! : null,
    groups: long.map((w) => [w]),
    short: long.length ? short : [],
    prefix: long.length ? null : folded,
  };
}

const phrase = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function ftsExpression(groups: string[][]): string {
  return groups.map((alts) => (alts.length === 1 ? phrase(alts[0]!) : `(${alts.map(phrase).join(' OR ')})`)).join(' AND ');
}


/** The smallest string greater than every string starting with `prefix`, for index range scans. */
export function prefixUpperBound(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
