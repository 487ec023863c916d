CREATE TABLE `connect_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`staff_id` integer,
	`staff_email` text,
	`intent` text NOT NULL,
	`subscription_id` text,
	`plan_id` text,
	`addon_ids` text,
	`gigs_user_id` text,
	`request_id` text NOT NULL,
	`created_at` text NOT NULL,
	`outcome` text DEFAULT 'pending' NOT NULL,
	`outcome_at` text,
	`callback_status` text
);
--> statement-breakpoint
CREATE INDEX `connect_sessions_customer_idx` ON `connect_sessions` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `connect_sessions_staff_idx` ON `connect_sessions` (`staff_email`,`created_at`);--> statement-breakpoint
CREATE INDEX `connect_sessions_created_idx` ON `connect_sessions` (`created_at`);