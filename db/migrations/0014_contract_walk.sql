CREATE TABLE `contract_walk` (
	`id` integer PRIMARY KEY NOT NULL,
	`pass_started_at` text,
	`cursor` text DEFAULT '' NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`done` integer DEFAULT 0 NOT NULL,
	`finished_at` text,
	`last_error` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `contract_walk_queue` (
	`email_key` text PRIMARY KEY NOT NULL,
	`queued_at` text NOT NULL
);
