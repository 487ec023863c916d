CREATE TABLE `indexed_subscriptions` (
	`system` text NOT NULL,
	`id` text NOT NULL,
	`customer_seq` integer NOT NULL,
	`plan_id` text,
	`status` text NOT NULL,
	`discount` real,
	`item` text,
	`created_at` text,
	`canceled_at` text,
	PRIMARY KEY(`system`, `id`)
);
--> statement-breakpoint
CREATE INDEX `indexed_subscriptions_plan_idx` ON `indexed_subscriptions` (`system`,`plan_id`,`status`);--> statement-breakpoint
CREATE INDEX `indexed_subscriptions_customer_idx` ON `indexed_subscriptions` (`customer_seq`);--> statement-breakpoint
CREATE INDEX `indexed_subscriptions_created_idx` ON `indexed_subscriptions` (`created_at`);--> statement-breakpoint
CREATE TABLE `plan_stats` (
	`system` text NOT NULL,
	`plan_id` text NOT NULL,
	`status` text NOT NULL,
	`subscriptions` integer NOT NULL,
	`average_discount` real,
	`computed_at` text NOT NULL,
	PRIMARY KEY(`system`, `plan_id`, `status`)
);
