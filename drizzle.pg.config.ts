import { defineConfig } from 'drizzle-kit';

/**
 * The PostgreSQL side (docs/postgres.md): `npm run db:generate:pg` writes db/migrations-pg/ from
 * db/schema.pg.ts. Extensions and triggers live in custom migrations there.
 */
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.pg.ts',
  out: './db/migrations-pg',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/subdesk' },
});
