import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.ts';
import { preparePrivateFile } from './private-file.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Opens subdesk's own database, sets the pragmas every connection needs and applies
 * pending migrations. WAL: readers (searches, exports) never block the writer. Commits that hold
 * audit entries are made with synchronous=FULL (durableTransaction), the rest with NORMAL.
 */
export function openDatabase(path: string, options: { migrate?: boolean } = {}): Db {
  preparePrivateFile(path);
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // Durability where it matters: audit commits switch to FULL (durableTransaction below).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  sqlite.pragma('temp_store = MEMORY');
  const db = drizzle({ client: sqlite, schema }) as Db;
  if (options.migrate !== false) migrate(db, { migrationsFolder });
  return db;
}

/**
 * The connection commits with synchronous=NORMAL (no fsync per commit: index, sessions, caches);
 * anything that holds audit entries commits through here with synchronous=FULL, so the entry is on
 * disk before the caller answers, and with it every earlier commit in the WAL. SQLite refuses to
 * change the level inside a transaction, so a nested call joins the outer one, which must itself
 * be durable (AuditLog checks).
 */
export function durableTransaction<T>(db: Db, fn: () => T): T {
  const sqlite = db.$client;
  if (sqlite.inTransaction) return sqlite.transaction(fn)();
  sqlite.pragma('synchronous = FULL');
  try {
    return sqlite.transaction(fn).immediate();
  } finally {
    sqlite.pragma('synchronous = NORMAL');
  }
}

/** True while the current transaction will commit with synchronous=FULL. */
export const commitsDurably = (db: Db) => (db.$client.pragma('synchronous', { simple: true }) as number) >= 2;
