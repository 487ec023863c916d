CREATE TABLE `idempotent_requests` (
	`staff_id` integer NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer,
	`body` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`staff_id`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotent_requests_created_idx` ON `idempotent_requests` (`created_at`);