-- Substring search over customers.search_text (a GIN index with gin_trgm_ops, next migration).
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it, no superuser.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
