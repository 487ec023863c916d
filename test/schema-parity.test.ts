import { describe, expect, it } from 'vitest';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { openDatabase } from '../db/connection.ts';
import * as pgSchema from '../db/schema.pg.ts';
import { CrawlStage } from '../server/customers/crawl/stage.ts';

/**
 * Every table, column and index subdesk has on SQLite (migrations, custom SQL and the crawl stage
 * it creates at run time) has its counterpart in db/schema.pg.ts: a table added on one side only
 * fails here, in the SQLite suite, without a PostgreSQL server.
 */
function sqliteShape() {
  const db = openDatabase(':memory:');
  new CrawlStage(db);
  const s = db.$client;
  const tables = (
    s
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'customers_fts%' AND name NOT LIKE '__drizzle%'`,
      )
      .pluck()
      .all() as string[]
  ).sort();
  const columns = Object.fromEntries(tables.map((t) => [t, (s.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name).sort()]));
  const indexes = (
    s
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex%' AND tbl_name NOT LIKE 'customers_fts%'`)
      .pluck()
      .all() as string[]
  ).sort();
  s.close();
  return { tables, columns, indexes };
}

function postgresShape() {
  const configs = (Object.values(pgSchema) as unknown[]).filter((v): v is PgTable => v instanceof PgTable).map((t) => getTableConfig(t));
  return {
    tables: configs.map((c) => c.name).sort(),
    columns: Object.fromEntries(configs.map((c) => [c.name, c.columns.map((col) => col.name).sort()])),
    indexes: configs.flatMap((c) => [...c.indexes.map((i) => i.config.name), ...c.columns.filter((col) => col.isUnique).map((col) => col.uniqueName)]).sort(),
  };
}

describe('the PostgreSQL schema matches the SQLite one', () => {
  const lite = sqliteShape();
  const pg = postgresShape();
  it('has every SQLite table', () => {
    expect(lite.tables.filter((t) => !pg.tables.includes(t))).toEqual([]);
    expect(lite.tables.length).toBeGreaterThan(15);
  });
  it('has every column of each', () => {
    for (const t of lite.tables) expect(pg.columns[t], t).toEqual(lite.columns[t]);
  });
  it('has every index by the same name', () => {
    expect(lite.indexes.filter((i) => !pg.indexes.includes(i))).toEqual([]);
  });
});
