-- Exact and prefix lookups of a customer by any id, e-mail or phone number. Opaque ids (28 random
-- characters each) would cost the trigram index ~26 distinct trigrams apiece, four times the crawl
-- time for substring matches no agent types; a B-tree gives exact and prefix matches for far less.
CREATE TABLE `customer_keys` (
  `key` text NOT NULL,
  `seq` integer NOT NULL,
  PRIMARY KEY (`key`, `seq`)
) WITHOUT ROWID;
--> statement-breakpoint
-- The builder (server/customers/store.ts) now writes the FTS entry itself: an AFTER UPDATE trigger
-- made each row's FTS insert about ten times slower than the same insert made directly.
DROP TRIGGER IF EXISTS `customers_fts_au`;
