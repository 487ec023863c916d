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

/** The SQLite database under an app's deps, for tests that look at rows directly (they run on SQLite). */
export function sqliteOf(deps: { engine: Engine }): Db {
  if (deps.engine.kind !== 'sqlite') throw new Error('this test reads SQLite rows directly; it runs on SQLite only');
  return deps.engine.db;
}
