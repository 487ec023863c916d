import { loadConfigOrExit, type Config } from '../config.ts';
import { openDatabase } from '../../db/connection.ts';
import { closePostgres, migratePostgres, openPostgres } from '../../db/pg.ts';
import { commandLine } from './args.ts';

/**
 * `npm run db:migrate`: applies subdesk's pending migrations to the database the environment
 * names (DATABASE_URL: PostgreSQL; else the SQLite file at DATABASE_PATH) and says how many ran,
 * for an operator who migrates before starting instances (the server also migrates at start).
 * Instances started while it runs wait for it (docs/postgres.md). Exit 1 when a migration fails.
 */
commandLine({ options: {} });

/** Where the database is, for the operator's eyes: never the password. */
function describeDatabase(config: Config): string {
  if (!config.DATABASE_URL) return `SQLite at ${config.DATABASE_PATH}`;
  const u = new URL(config.DATABASE_URL);
  return `PostgreSQL at ${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}${u.username ? ` as ${decodeURIComponent(u.username)}` : ''}`;
}

async function appliedOnPostgres(url: string): Promise<number> {
  const db = openPostgres(url, { max: 1, applicationName: 'subdesk db:migrate' });
  try {
    return await migratePostgres(db);
  } finally {
    await closePostgres(db);
  }
}

function appliedOnSqlite(path: string): number {
  const count = (db: ReturnType<typeof openDatabase>) =>
    db.$client.prepare(`SELECT count(*) FROM sqlite_master WHERE name = '__drizzle_migrations'`).pluck().get()
      ? (db.$client.prepare('SELECT count(*) FROM __drizzle_migrations').pluck().get() as number)
      : 0;
  const probe = openDatabase(path, { migrate: false });
  const before = count(probe);
  probe.$client.close();
  const db = openDatabase(path);
  const after = count(db);
  db.$client.close();
  return after - before;
}

const config = loadConfigOrExit();
try {
  const ran = config.engine === 'postgres' ? await appliedOnPostgres(config.DATABASE_URL!) : appliedOnSqlite(config.DATABASE_PATH);
  console.log(`${describeDatabase(config)}: ${ran === 0 ? 'up to date, no migration to apply' : `${ran} migration${ran === 1 ? '' : 's'} applied`}`);
} catch (err) {
  console.error(`${describeDatabase(config)}: migration failed: ${(err as Error).message}`);
  process.exit(1);
}
