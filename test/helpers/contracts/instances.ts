import { PgAuditLog } from '../../../server/storage/pg/audit-append.ts';
import type { PostgresEngine, SqliteEngine } from '../../../server/storage/engine.ts';
import { sqliteEngine, postgresEngine, type EngineMaker } from '../engines.ts';
import type { TestDatabase } from '../postgres.ts';

type AnyEngine = SqliteEngine | PostgresEngine;

/**
 * Two subdesk instances on one database, for what a store must make safe when a retry or a second
 * delivery reaches the other instance. On PostgreSQL each has its own pool and audit log; SQLite
 * runs as one process, so its "two instances" are the one engine twice.
 */
export type InstancesMaker = () => Promise<{ a: AnyEngine; b: AnyEngine; close(): Promise<void> }>;

export type EngineUnderTest = { make: EngineMaker; instances: InstancesMaker };

export function sqliteUnderTest(clock?: () => Date): EngineUnderTest {
  const make = sqliteEngine(clock);
  return {
    make,
    instances: async () => {
      const { engine, close } = await make();
      return { a: engine, b: engine, close };
    },
  };
}

export function postgresUnderTest(database: () => Promise<TestDatabase>, clock: () => Date = () => new Date()): EngineUnderTest {
  return {
    make: postgresEngine(database, clock),
    instances: async () => {
      const test = await database();
      const other = test.open({ applicationName: 'subdesk-b' });
      return {
        a: { kind: 'postgres', db: test.db, audit: new PgAuditLog(test.db, clock) },
        b: { kind: 'postgres', db: other, audit: new PgAuditLog(other, clock) },
        close: () => test.drop(),
      };
    },
  };
}

/** Runs one statement on either engine; a query's rows as plain objects (what a contract checks was written). */
export async function rowsOf(engine: AnyEngine, sql: string): Promise<Record<string, unknown>[]> {
  if (engine.kind === 'sqlite') {
    const statement = engine.db.$client.prepare(sql);
    return statement.reader ? (statement.all() as Record<string, unknown>[]) : (statement.run(), []);
  }
  return (await engine.db.$client.query(sql)).rows;
}

/** The audit log's actions and outcomes in chain order. */
export const auditActions = async (engine: AnyEngine) =>
  (await rowsOf(engine, 'SELECT action, outcome, after FROM audit_events ORDER BY seq')).map((r) => ({
    action: r.action as string,
    outcome: r.outcome as string,
    after: r.after ? JSON.parse(r.after as string) : null,
  }));
