/**
 * Just enough of GraphQL's grammar to read which fields a query selects: an optional
 * `query Name(...)` header and nested selection sets of field names. Arguments in parentheses
 * are skipped (the route reads its arguments from `variables`); aliases, fragments and
 * directives are refused rather than misread. Comments must already be stripped.
 */
export type Field = { name: string; selection?: Field[] };

export class GraphqlError extends Error {}

/** Deeper than any type here goes; a bound so that a hostile document cannot exhaust the stack. */
const MAX_DEPTH = 16;

const TOKEN = /[\s,]*(?:([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"\\]|\\.)*")|(\.\.\.|[^\s,]))/y;

/** The root selection set of the document's one operation. */
export function parseOperation(document: string): Field[] {
  const tokens = tokenize(document);
  let i = 0;
  const peek = () => tokens[i];
  const expect = (what: string) => {
    const t = tokens[i++];
    if (t !== what) throw new GraphqlError(`Syntax Error: Expected "${what}", found ${shown(t)}.`);
  };
  const skipParentheses = () => {
    let depth = 0;
    do {
      const t = tokens[i++];
      if (t === undefined) throw new GraphqlError('Syntax Error: Expected ")", found <EOF>.');
      if (t === '(') depth++;
      else if (t === ')') depth--;
    } while (depth > 0);
  };
  const selectionSet = (depth: number): Field[] => {
    if (depth > MAX_DEPTH) throw new GraphqlError(`Selection sets nest deeper than ${MAX_DEPTH} levels.`);
    expect('{');
    const fields: Field[] = [];
    do {
      const name = tokens[i++];
      if (name === '...') throw new GraphqlError('Fragments are not supported by this emulator.');
      if (name === undefined || !/^[A-Za-z_]/.test(name)) throw new GraphqlError(`Syntax Error: Expected Name, found ${shown(name)}.`);
      if (peek() === ':') throw new GraphqlError('Aliases are not supported by this emulator.');
      if (peek() === '(') skipParentheses();
      if (peek() === '@') throw new GraphqlError('Directives are not supported by this emulator.');
      fields.push(peek() === '{' ? { name, selection: selectionSet(depth + 1) } : { name });
    } while (peek() !== '}');
    i++;
    return fields;
  };

  if (peek() === 'query') {
    i++;
    if (peek() !== '{' && peek() !== '(') i++;
    if (peek() === '(') skipParentheses();
  }
  const root = selectionSet(1);
  if (i < tokens.length) throw new GraphqlError('This emulator answers documents with one operation only.');
  return root;
}

function tokenize(document: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(document); m; m = TOKEN.exec(document)) tokens.push(m[1] ?? m[2] ?? m[3]!);
  return tokens;
}

const shown = (token: string | undefined) => (token === undefined ? '<EOF>' : `"${token}"`);
