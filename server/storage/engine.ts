import type { Db } from '../../db/connection.ts';
import type { PgDb } from '../../db/pg.ts';
import type { AuditLog } from '../audit/log.ts';
import type { PgAuditLog } from './pg/audit-append.ts';

/**
 * Where subdesk keeps its data: one SQLite file (DATABASE_PATH, the embedded default) or a
 * PostgreSQL server shared by several instances (DATABASE_URL). Each carries its audit log, so a
 * store writes its rows and their audit entries in one transaction of its own engine
 * (`durableTransaction` + `AuditLog.record` on SQLite, `PgAuditLog.inTransaction` + `appendAll`
 * on PostgreSQL).
 *
 * Only the storage layer looks at `kind`: each domain has one async store interface, a SQLite and
 * a PostgreSQL implementation of it, and a factory that picks one (docs/postgres.md, "How a domain
 * reaches its data"). Domain rules call the interface and never ask which engine runs.
 */
export type Engine = { kind: 'sqlite'; db: Db; audit: AuditLog } | { kind: 'postgres'; db: PgDb; audit: PgAuditLog };

export type SqliteEngine = Extract<Engine, { kind: 'sqlite' }>;
export type PostgresEngine = Extract<Engine, { kind: 'postgres' }>;

/**
 * Builds the store of the engine that runs: the one place a domain's two implementations meet.
 * Each domain's `store/index.ts` calls it with its two constructors.
 */
export function storeFor<T>(engine: Engine, build: { sqlite: (e: SqliteEngine) => T; postgres: (e: PostgresEngine) => T }): T {
  return engine.kind === 'sqlite' ? build.sqlite(engine) : build.postgres(engine);
}
