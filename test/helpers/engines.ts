import { openDatabase, type Db } from '../../db/connection.ts';
import { AuditLog } from '../../server/audit/log.ts';
import type { Engine, PostgresEngine, SqliteEngine } from '../../server/storage/engine.ts';
import { PgAuditLog } from '../../server/storage/pg/audit-append.ts';
import type { TestDatabase } from './postgres.ts';

/**
 * The two engines a store is tested on. A store's behaviour is written once as a contract
 * (`test/helpers/contracts/<domain>.ts`, a function of an engine maker) and run by
 * `test/<domain>-store.test.ts` on SQLite (npm test) and `test/<domain>-store.pg.test.ts` on
 * PostgreSQL (npm run test:postgres).
 */
export type EngineMaker = () => Promise<{ engine: SqliteEngine | PostgresEngine; close(): Promise<void> }>;

/** A fresh SQLite database in memory, migrated, with its audit log. */
export const sqliteEngine =
  (clock: () => Date = () => new Date()): EngineMaker =>
  async () => {
    const db = openDatabase(':memory:');
    const engine: SqliteEngine = { kind: 'sqlite', db, audit: new AuditLog(db, clock) };
    return {
      engine,
      close: async () => {
        db.$client.close();
      },
    };
  };

/**
 * A fresh PostgreSQL database of the test file's own (test/helpers/postgres.ts), with its audit log.
 * `open` gives a second instance's engine on the same database.
 */
export const postgresEngine =
  (database: () => Promise<TestDatabase>, clock: () => Date = () => new Date()): EngineMaker =>
  async () => {
    const test = await database();
    const engine: PostgresEngine = { kind: 'postgres', db: test.db, audit: new PgAuditLog(test.db, clock) };
    return { engine, close: () => test.drop() };
  };

/**
 * Runs `sql` on an app's database, whichever engine it is, and answers its rows (none for a
 * statement that returns none): for API suites that look at what was written, or set a row up,
 * on both engines. Placeholders are PostgreSQL's `$1`, `$2`… (a number may repeat); on SQLite
 * they become `?` with the values in order of appearance, booleans as 1/0.
 *
 * Rows come back in each engine's storage form: count(*) and bigint columns are numbers on both
 * (db/pg.ts), but booleans are true/false on PostgreSQL and 1/0 on SQLite, and jsonb columns
 * arrive parsed on PostgreSQL where SQLite holds JSON text: compare what the test means
 * (`Boolean(row.dirty)`, `jsonOf(row.gigs)`).
 */
export async function rowsOf<Row = Record<string, unknown>>(deps: { engine: Engine }, sql: string, params: readonly unknown[] = []): Promise<Row[]> {
  const { engine } = deps;
  if (engine.kind === 'postgres') return (await engine.db.$client.query(sql, [...params])).rows as Row[];
  const ordered: unknown[] = [];
  const sqliteSql = sql.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    ordered.push(typeof value === 'boolean' ? Number(value) : value);
    return '?';
  });
  const statement = engine.db.$client.prepare(sqliteSql);
  if (statement.reader) return statement.all(...ordered) as Row[];
  statement.run(...ordered);
  return [];
}

/** The one row `sql` answers (see rowsOf); throws when there is none, so a test never reads `undefined` by mistake. */
export async function rowOf<Row = Record<string, unknown>>(deps: { engine: Engine }, sql: string, params: readonly unknown[] = []): Promise<Row> {
  const [row] = await rowsOf<Row>(deps, sql, params);
  if (row === undefined) throw new Error(`no row for: ${sql}`);
  return row;
}

/** A JSON column's value from a row of either engine: SQLite holds JSON text, PostgreSQL's jsonb arrives parsed. */
export const jsonOf = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** The SQLite database under an app's deps, for tests that use better-sqlite3 itself (they run on SQLite only; rowsOf reads rows on both). */
export function sqliteOf(deps: { engine: Engine }): Db {
  if (deps.engine.kind !== 'sqlite') throw new Error('this test reads SQLite rows directly; it runs on SQLite only');
  return deps.engine.db;
}
