import { openDatabase, type Db } from '../../db/connection.ts';
import { closePostgres, openAndMigratePostgres, openPostgres, type PgDb } from '../../db/pg.ts';
import { WalCheckpointer } from '../../db/checkpointer.ts';
import { AuditLog, type AuditLogOptions } from '../audit/log.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { Engine } from './engine.ts';
import { instanceName, SingleInstanceLease, type Lease } from './lease.ts';
import { PgAuditLog } from './pg/audit-append.ts';
import { PgLease } from './pg/lease.ts';

/** subdesk's own database, opened and migrated: the SQLite file or the PostgreSQL pool. */
export type OpenedDatabase = { kind: 'sqlite'; db: Db } | { kind: 'postgres'; db: PgDb };

/**
 * PostgreSQL when DATABASE_URL is set, else the SQLite file at DATABASE_PATH; pending migrations
 * applied either way (on PostgreSQL under a lock, so instances starting together take turns).
 * Each PostgreSQL connection is named after this instance in pg_stat_activity.
 */
export async function openConfiguredDatabase(config: Config, applicationName = `subdesk ${instanceName()}`): Promise<OpenedDatabase> {
  if (config.DATABASE_URL) return { kind: 'postgres', db: await openAndMigratePostgres(config.DATABASE_URL, { applicationName }) };
  return { kind: 'sqlite', db: openDatabase(config.DATABASE_PATH) };
}

export async function closeConfiguredDatabase(opened: OpenedDatabase): Promise<void> {
  if (opened.kind === 'sqlite') opened.db.$client.close();
  else await closePostgres(opened.db);
}

/** The engine the stores are built on, with the audit log of its kind. */
export function engineOf(opened: OpenedDatabase, clock: () => Date, audit: AuditLogOptions): Engine {
  return opened.kind === 'sqlite'
    ? { kind: 'sqlite', db: opened.db, audit: new AuditLog(opened.db, clock, audit) }
    : { kind: 'postgres', db: opened.db, audit: new PgAuditLog(opened.db, clock, audit) };
}

/**
 * Who does the background work: this one process on SQLite, the holder of a lease row on
 * PostgreSQL. There the lease has a connection of its own: on the shared pool, a renewal waited
 * behind staff requests when the instance was busy (200 clients in test/reliability/two-instances.long.ts),
 * and a busy holder lost its lease, or a survivor took it late, for want of a connection.
 */
export function backgroundLeaseOf(engine: Engine, instance = instanceName()): Lease {
  if (engine.kind === 'sqlite') return new SingleInstanceLease();
  const url = engine.db.$client.options.connectionString;
  if (!url) throw new Error('the PostgreSQL pool has no connection string to open the lease connection with');
  return new PgLease(openPostgres(url, { max: 1, idleTimeoutMillis: 0, applicationName: `subdesk ${instance} lease` }), { instance, ownsConnection: true });
}

/**
 * The engine's own upkeep while the server runs: SQLite's WAL checkpoints off the request thread
 * (db/checkpointer.ts); PostgreSQL's server does its own.
 */
export function housekeepingOf(engine: Engine, logger: Logger): { start(): void; stop(): Promise<void> } {
  if (engine.kind === 'postgres') return { start() {}, stop: async () => {} };
  return new WalCheckpointer(engine.db.$client, (err) =>
    logger.warn('the WAL checkpointer stopped; the database checkpoints inside commits again', { error: String(err) }),
  );
}

/**
 * The configured database as an engine, for the command-line tools (`npm run audit`, `npm run
 * staff`): opened and migrated, with the audit log of its kind, and how to close it.
 */
export async function openConfiguredEngine(
  config: Config,
  options: { applicationName: string; clock?: () => Date; audit?: AuditLogOptions },
): Promise<{ engine: Engine; close(): Promise<void> }> {
  const opened = await openConfiguredDatabase(config, options.applicationName);
  return { engine: engineOf(opened, options.clock ?? (() => new Date()), options.audit ?? {}), close: () => closeConfiguredDatabase(opened) };
}
