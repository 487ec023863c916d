import type Database from 'better-sqlite3';

/**
 * The Centra emulator's tables in the shared sandbox database (prefix `centra_`). Timestamps
 * are UTC `Y-m-d H:i:s` text so they sort and compare as strings. Indexes cover every lookup
 * the routes make: e-mail (lower-cased), "modified since", contracts by customer and by update
 * time, subscriptions and payments by contract; everything else goes by primary key.
 */
export function migrateCentra(db: Database.Database) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS centra_customers (
      id INTEGER PRIMARY KEY,
      email TEXT NOT NULL,
      email_lower TEXT NOT NULL,
      first_name TEXT NOT NULL,
      last_name TEXT NOT NULL,
      address1 TEXT NOT NULL,
      address2 TEXT NOT NULL,
      zip_code TEXT NOT NULL,
      city TEXT NOT NULL,
      state TEXT NOT NULL,
      country TEXT NOT NULL,
      phone TEXT NOT NULL,
      newsletter INTEGER NOT NULL,
      registered INTEGER NOT NULL,
      created TEXT NOT NULL,
      modified TEXT NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS centra_customers_email ON centra_customers (email_lower);
    CREATE INDEX IF NOT EXISTS centra_customers_modified ON centra_customers (modified, id);

    CREATE TABLE IF NOT EXISTS centra_products (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS centra_items (
      item TEXT PRIMARY KEY,
      product_id INTEGER NOT NULL,
      size_name TEXT NOT NULL,
      price_eur REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS centra_plans (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      interval_type TEXT NOT NULL,
      interval_value INTEGER NOT NULL,
      discount REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS centra_plan_items (
      plan_id INTEGER NOT NULL,
      item TEXT NOT NULL,
      PRIMARY KEY (plan_id, item)
    ) WITHOUT ROWID;

    CREATE TABLE IF NOT EXISTS centra_contracts (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      first_name TEXT NOT NULL,
      last_name TEXT NOT NULL,
      address1 TEXT NOT NULL,
      address2 TEXT NOT NULL,
      zip_code TEXT NOT NULL,
      city TEXT NOT NULL,
      state TEXT NOT NULL,
      country TEXT NOT NULL,
      email TEXT NOT NULL,
      phone TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS centra_contracts_customer ON centra_contracts (customer_id);
    CREATE INDEX IF NOT EXISTS centra_contracts_updated ON centra_contracts (updated_at);

    CREATE TABLE IF NOT EXISTS centra_payments (
      id INTEGER PRIMARY KEY,
      contract_id INTEGER NOT NULL,
      payment_method TEXT NOT NULL,
      status TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS centra_payments_contract ON centra_payments (contract_id);

    CREATE TABLE IF NOT EXISTS centra_subscriptions (
      id INTEGER PRIMARY KEY,
      contract_id INTEGER NOT NULL,
      status TEXT NOT NULL,
      interval_type TEXT NOT NULL,
      interval_value INTEGER NOT NULL,
      plan_id INTEGER,
      plan_name TEXT,
      discount REAL NOT NULL,
      quantity INTEGER NOT NULL,
      next_order_date TEXT,
      item TEXT NOT NULL,
      product_name TEXT NOT NULL,
      size TEXT NOT NULL,
      unit_price REAL NOT NULL,
      currency TEXT NOT NULL,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS centra_subscriptions_contract ON centra_subscriptions (contract_id);
  `);
}
