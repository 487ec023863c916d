/**
 * SQL expressions that evaluate to JSON text, so that SQLite writes a whole listing page as one
 * UTF-8 buffer: building it in JS costs several times more (every value decoded into a JS string,
 * objects made and stringified, then encoded again for the socket). Each helper returns an SQL
 * expression; column names come from the emulator's code, never from a request. The text is
 * what JSON.stringify writes for the same values: json_quote escapes strings as it does.
 */
export type JsonSql = string;

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;

export const text = (column: string): JsonSql => `json_quote(${column})`;

/** Non-null INTEGER columns are their own JSON (concat turns them into text). */
export const int = (column: string): JsonSql => column;

/** SQLite writes a whole REAL as `10.0`, JSON.stringify as `10`. */
export const real = (column: string): JsonSql =>
  `CASE WHEN ${column} = CAST(${column} AS INTEGER) THEN CAST(${column} AS INTEGER) ELSE json_quote(${column}) END`;

/** 0/1 columns. */
export const bool = (column: string): JsonSql => `CASE WHEN ${column} = 1 THEN 'true' ELSE 'false' END`;

export const upperText = (column: string): JsonSql => text(`upper(${column})`);

/** A stored `Y-m-d H:i:s` as the wire's `Y-m-dTH:i:s+00:00` (dates.ts wireTime). */
export const wireTime = (column: string): JsonSql => `concat('"', replace(${column}, ' ', 'T'), '+00:00"')`;

/** Fields in the order given; there is at least one (GraphQL has no empty selections). */
export const object = (fields: [name: string, value: JsonSql][]): JsonSql =>
  `concat(${fields.map(([name, value], i) => `${sqlString(`${i ? ',' : '{'}${JSON.stringify(name)}:`)}, ${value}`).join(', ')}, '}')`;

export const nullUnless = (condition: string, value: JsonSql): JsonSql => `CASE WHEN ${condition} THEN ${value} ELSE 'null' END`;

/** The rows of `from` (a FROM clause with its WHERE) as a JSON array, in `orderBy` order. */
export const list = (item: JsonSql, from: string, orderBy: string): JsonSql => `(SELECT ${arrayOf(item, orderBy)} FROM ${from})`;

/** Aggregate: the group's rows as a JSON array (`[]` for none: concat skips the NULL of an empty group). */
export const arrayOf = (item: JsonSql, orderBy: string): JsonSql => `concat('[', group_concat(${item}, ',' ORDER BY ${orderBy}), ']')`;

/** A statement answering one row, one column: the rows of `rowsSql` (aliased `alias`) as a JSON array, as bytes. */
export const arrayQuery = (item: JsonSql, rowsSql: string, alias: string) => `SELECT CAST(${arrayOf(item, `${alias}.id`)} AS BLOB) FROM (${rowsSql}) ${alias}`;
