PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_indexed_subscriptions` (
	`system` text NOT NULL,
	`id` text NOT NULL,
	`customer_seq` integer NOT NULL,
	`plan_id` text,
	`status` text NOT NULL,
	`discount` real,
	`item` text,
	`created_at` text,
	`canceled_at` text
);
--> statement-breakpoint
INSERT INTO `__new_indexed_subscriptions`("system", "id", "customer_seq", "plan_id", "status", "discount", "item", "created_at", "canceled_at") SELECT "system", "id", "customer_seq", "plan_id", "status", "discount", "item", "created_at", "canceled_at" FROM `indexed_subscriptions`;--> statement-breakpoint
DROP TABLE `indexed_subscriptions`;--> statement-breakpoint
ALTER TABLE `__new_indexed_subscriptions` RENAME TO `indexed_subscriptions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `indexed_subscriptions_id_idx` ON `indexed_subscriptions` (`system`,`id`);--> statement-breakpoint
CREATE INDEX `indexed_subscriptions_plan_idx` ON `indexed_subscriptions` (`system`,`plan_id`,`status`,`discount`);--> statement-breakpoint
CREATE INDEX `indexed_subscriptions_customer_idx` ON `indexed_subscriptions` (`customer_seq`);--> statement-breakpoint
CREATE INDEX `indexed_subscriptions_created_idx` ON `indexed_subscriptions` (`system`,`created_at`);--> statement-breakpoint
CREATE INDEX `indexed_subscriptions_canceled_idx` ON `indexed_subscriptions` (`system`,`canceled_at`) WHERE canceled_at IS NOT NULL;