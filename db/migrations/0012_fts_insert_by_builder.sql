-- The builder (server/customers/store.ts) now writes a new row's FTS entry itself, right after the
-- insert: through this trigger each insert into customers_fts cost about 3.5 times as much.
-- Rows inserted without search_text (crawl merges) never needed it.
DROP TRIGGER IF EXISTS `customers_fts_ai`;
