import type Database from 'better-sqlite3';

/**
 * The emulator's tables in the shared sandbox file. Each row keeps the object as a JSON document
 * (what the API answers, minus embedded objects) next to the columns lists filter and page on.
 * `seq` is the rowid and the paging key (see ids.ts seqFor); every filtered list has an index
 * on (filter, seq) so a cursor page is an index range, never an OFFSET scan.
 */
export function migrateGigsTables(db: Database.Database) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS gigs_users (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      email TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS gigs_users_email ON gigs_users (email);

    CREATE TABLE IF NOT EXISTS gigs_plans (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      status TEXT NOT NULL,
      provider TEXT NOT NULL,
      doc TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS gigs_addons (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      status TEXT NOT NULL,
      provider TEXT NOT NULL,
      doc TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS gigs_subscriptions (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL,
      plan_id TEXT NOT NULL,
      status TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS gigs_subscriptions_user ON gigs_subscriptions (user_id, seq);
    CREATE INDEX IF NOT EXISTS gigs_subscriptions_status ON gigs_subscriptions (status, seq);
    CREATE INDEX IF NOT EXISTS gigs_subscriptions_plan ON gigs_subscriptions (plan_id, status, seq);

    CREATE TABLE IF NOT EXISTS gigs_subscription_addons (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      subscription_id TEXT NOT NULL,
      user_id TEXT NOT NULL,
      addon_id TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS gigs_sad_subscription ON gigs_subscription_addons (subscription_id, seq);
    CREATE INDEX IF NOT EXISTS gigs_sad_user ON gigs_subscription_addons (user_id, seq);
    CREATE INDEX IF NOT EXISTS gigs_sad_addon ON gigs_subscription_addons (addon_id, seq);

    CREATE TABLE IF NOT EXISTS gigs_connect_sessions (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      token_hash TEXT NOT NULL,
      expires_at INTEGER NOT NULL,
      state TEXT NOT NULL,
      -- userDetails given on create, kept to create or find the user on completion.
      user_details TEXT,
      doc TEXT NOT NULL
    );

    -- User addresses (DOCS core/user-addresses): written when a customer completes updateUserAddress.
    CREATE TABLE IF NOT EXISTS gigs_user_addresses (
      seq INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL,
      doc TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS gigs_user_addresses_user ON gigs_user_addresses (user_id, seq);

    CREATE TABLE IF NOT EXISTS gigs_idempotency (
      key TEXT PRIMARY KEY,
      created_at INTEGER NOT NULL,
      status INTEGER NOT NULL,
      body TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS gigs_idempotency_created ON gigs_idempotency (created_at);
  `);
}

export type GigsTable =
  | 'gigs_users'
  | 'gigs_plans'
  | 'gigs_addons'
  | 'gigs_subscriptions'
  | 'gigs_subscription_addons'
  | 'gigs_connect_sessions'
  | 'gigs_user_addresses';
