CREATE TABLE `feed_inbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`feed` text NOT NULL,
	`delivery_id` text NOT NULL,
	`event_type` text NOT NULL,
	`event_time` text,
	`object_id` text,
	`received_at` text NOT NULL,
	`body` text NOT NULL,
	`applied_at` text,
	`outcome` text,
	`as_of` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feed_inbox_delivery_idx` ON `feed_inbox` (`feed`,`delivery_id`);--> statement-breakpoint
CREATE INDEX `feed_inbox_backlog_idx` ON `feed_inbox` (`feed`,`seq`) WHERE applied_at IS NULL;--> statement-breakpoint
CREATE INDEX `feed_inbox_object_idx` ON `feed_inbox` (`feed`,`object_id`,`as_of`) WHERE outcome = 'applied';--> statement-breakpoint
CREATE INDEX `feed_inbox_applied_idx` ON `feed_inbox` (`feed`,`applied_at`);--> statement-breakpoint
CREATE INDEX `feed_inbox_received_idx` ON `feed_inbox` (`received_at`);