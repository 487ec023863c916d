import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.pg.ts';
import { isoFromPostgres } from './schema.pg.ts';
import { ADVISORY_LOCKS } from './pg-locks.ts';

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations-pg');

const { builtins } = pg.types;

/**
 * How the pool hands column values to code that queries it directly (pool.query, for speed): the
 * same JavaScript types as the SQLite side and as drizzle's schema mapping. bigint (int8: keys,
 * epoch ms, count(*)) as a number: every such value here stays far below 2^53. timestamptz as the
 * ISO string subdesk writes.
 */
const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === builtins.INT8) return (v: string) => Number(v);
    if (oid === builtins.TIMESTAMPTZ) return (v: string) => isoFromPostgres(v);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export type PostgresOptions = {
  /** Connections this instance keeps at most (default 10): instances × max must stay under the server's max_connections. */
  max?: number;
  /** Shown in pg_stat_activity, so an operator sees which instance holds what. */
  applicationName?: string;
  /** Connections closed after this long idle (ms; default pg's 10 s, 0: never). */
  idleTimeoutMillis?: number;
};

/**
 * Opens a pool on DATABASE_URL (no connection is made until the first query). Every connection
 * runs in UTC, and commits wait for the WAL flush (synchronous_commit on) whatever the server's
 * default: an audit entry is on disk before its caller answers, as on SQLite.
 */
export function openPostgres(url: string, options: PostgresOptions = {}): PgDb {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    ...(options.idleTimeoutMillis !== undefined ? { idleTimeoutMillis: options.idleTimeoutMillis } : {}),
    application_name: options.applicationName ?? 'subdesk',
    options: '-c TimeZone=UTC -c synchronous_commit=on',
    types: typeParsers,
    // TCP keepalives, so a load balancer or NAT between instance and server does not drop idle connections.
    keepAlive: true,
  });
  // An idle connection the server ended (restart, failover) must not crash the process: the pool drops it.
  pool.on('error', () => {});
  return drizzle({ client: pool, schema }) as PgDb;
}

async function appliedMigrations(client: pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ table: string | null }>(`SELECT to_regclass('drizzle.__drizzle_migrations')::text AS table`);
  if (!rows[0]!.table) return 0;
  return (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations')).rows[0]!.n;
}

/**
 * Applies pending migrations and returns how many ran. Several instances starting at once take
 * turns on a session advisory lock, so each migration runs once; the later ones find nothing to do.
 */
export async function migratePostgres(db: PgDb): Promise<number> {
  const client = await db.$client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [ADVISORY_LOCKS.migrations]);
    try {
      const before = await appliedMigrations(client);
      await migrate(drizzle({ client, schema }), { migrationsFolder });
      return (await appliedMigrations(client)) - before;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [ADVISORY_LOCKS.migrations]);
    }
  } finally {
    client.release();
  }
}

/** Opens DATABASE_URL and migrates it: what the server will do at start. */
export async function openAndMigratePostgres(url: string, options: PostgresOptions = {}): Promise<PgDb> {
  const db = openPostgres(url, options);
  try {
    await migratePostgres(db);
  } catch (err) {
    await db.$client.end();
    throw err;
  }
  return db;
}

export const closePostgres = (db: PgDb) => db.$client.end();

/** A transaction on a PgDb, as drizzle hands it to `db.transaction(async (tx) => ...)`. */
export type PgTx = Parameters<Parameters<PgDb['transaction']>[0]>[0];

/**
 * `work` on one pool connection inside BEGIN … COMMIT (ROLLBACK when it throws), for code that
 * sends raw statements with array parameters (unnest) rather than through drizzle.
 */
export async function inPgTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
