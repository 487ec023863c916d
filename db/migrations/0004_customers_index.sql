CREATE TABLE `crawl_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`duration_ms` integer,
	`counts` text,
	`errors` text
);
--> statement-breakpoint
CREATE TABLE `crawl_state` (
	`phase` text PRIMARY KEY NOT NULL,
	`run_id` integer NOT NULL,
	`cursor` text,
	`done` integer DEFAULT false NOT NULL,
	`items` integer DEFAULT 0 NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `customers` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`email_key` text NOT NULL,
	`name` text,
	`name_sort` text,
	`email` text,
	`emails` text,
	`phones` text,
	`countries` text,
	`gigs_user_id` text,
	`centra_customer_id` text,
	`in_gigs` integer DEFAULT false NOT NULL,
	`in_centra` integer DEFAULT false NOT NULL,
	`gigs_live` integer DEFAULT 0 NOT NULL,
	`centra_live` integer DEFAULT 0 NOT NULL,
	`gigs` text,
	`centra` text,
	`search_text` text,
	`dirty` integer DEFAULT 1 NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_id_unique` ON `customers` (`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `customers_email_key_unique` ON `customers` (`email_key`);--> statement-breakpoint
CREATE INDEX `customers_name_sort_idx` ON `customers` (`name_sort`);--> statement-breakpoint
CREATE INDEX `customers_gigs_user_idx` ON `customers` (`gigs_user_id`);--> statement-breakpoint
CREATE INDEX `customers_centra_customer_idx` ON `customers` (`centra_customer_id`);