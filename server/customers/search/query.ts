import { digitsOf, fold, isDigitQuery } from '../normalise.ts';

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

/** Characters a query word must have on each side of a space it crosses in a joined name. */
const MIN_SIDE = 2;

/**
 * Whether a folded query word occurs in a row's search text (server/customers/index/derive.ts) the way an
 * agent means it: inside one of its words (a name, an e-mail, phone digits), or across the space
 * of a name typed without it ("zoeang" in "zoe angstrom"), with at least two characters on each
 * side. The text holds each name also joined ("zoeangstrom") for that second case only: without
 * this check the trigram index lets "ang" find "Ethan García" through "ethangarcia".
 */
export function occursAsMeant(text: string, word: string): boolean {
  const tokens = text.split(' ');
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!token.includes(word)) continue;
    const parts = joinedParts(tokens, i);
    if (!parts) return true;
    // A joined name: the occurrence must cross one of its spaces, with MIN_SIDE characters each side.
    for (let at = token.indexOf(word); at !== -1; at = token.indexOf(word, at + 1)) {
      let boundary = 0;
      for (const part of parts.slice(0, -1)) {
        boundary += part.length;
        if (boundary - at >= MIN_SIDE && at + word.length - boundary >= MIN_SIDE) return true;
      }
    }
  }
  return false;
}

/** The words a token joins when it is the joined form of the name just before it, else null. */
function joinedParts(tokens: string[], i: number): string[] | null {
  let joined = '';
  for (let k = i - 1; k >= 0 && joined.length < tokens[i]!.length; k--) {
    joined = tokens[k]! + joined;
    if (k < i - 1 && joined === tokens[i]) return tokens.slice(k, i);
  }
  return null;
}
