-- Search over the customers index: an external-content FTS5 table on customers.search_text.
-- The trigram tokenizer gives substring and prefix matches of 3+ characters; remove_diacritics
-- and case folding are belt and braces, since search_text is already folded to ASCII lower case.
CREATE VIRTUAL TABLE `customers_fts` USING fts5(search_text, content='customers', content_rowid='seq', tokenize='trigram remove_diacritics 1');
--> statement-breakpoint
-- The triggers keep the FTS in step with search_text only: a crawl page that merges JSON into a
-- row (search_text untouched) costs no FTS work; the builder writes search_text once per row.
CREATE TRIGGER `customers_fts_ai` AFTER INSERT ON `customers` WHEN new.search_text IS NOT NULL BEGIN
  INSERT INTO customers_fts(rowid, search_text) VALUES (new.seq, new.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_fts_ad` AFTER DELETE ON `customers` WHEN old.search_text IS NOT NULL BEGIN
  INSERT INTO customers_fts(customers_fts, rowid, search_text) VALUES ('delete', old.seq, old.search_text);
END;
--> statement-breakpoint
CREATE TRIGGER `customers_fts_au` AFTER UPDATE OF search_text ON `customers` WHEN old.search_text IS NOT new.search_text BEGIN
  INSERT INTO customers_fts(customers_fts, rowid, search_text) SELECT 'delete', old.seq, old.search_text WHERE old.search_text IS NOT NULL;
  INSERT INTO customers_fts(rowid, search_text) SELECT new.seq, new.search_text WHERE new.search_text IS NOT NULL;
END;
--> statement-breakpoint
-- The builder finds stale rows through this small partial index (empty when the index is current).
CREATE INDEX `customers_dirty_idx` ON `customers` (`seq`) WHERE dirty = 1;
