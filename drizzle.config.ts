import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './db/schema.ts',
  out: './db/migrations',
  // drizzle-kit cannot model FTS5 virtual tables; they live in custom migrations.
  tablesFilter: ['!customers_fts*'],
  dbCredentials: { url: process.env.DATABASE_PATH ?? 'data/subdesk.db' },
});
