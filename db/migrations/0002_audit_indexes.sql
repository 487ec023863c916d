CREATE TABLE `audit_pending` (
	`seq` integer PRIMARY KEY NOT NULL,
	`request_id` text NOT NULL,
	`action` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_pending_request_idx` ON `audit_pending` (`request_id`,`action`);--> statement-breakpoint
DROP INDEX `audit_actor_time_idx`;--> statement-breakpoint
DROP INDEX `audit_action_outcome_time_idx`;--> statement-breakpoint
DROP INDEX `audit_time_idx`;--> statement-breakpoint
CREATE INDEX `audit_actor_idx` ON `audit_events` (`actor_id`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_actor_email_idx` ON `audit_events` (`actor_email`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_action_idx` ON `audit_events` (`action`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_action_outcome_idx` ON `audit_events` (`action`,`outcome`,`seq`);--> statement-breakpoint
CREATE INDEX `audit_time_idx` ON `audit_events` (`time`,`outcome`);--> statement-breakpoint
-- Backfill the derived pending list from entries already in the log.
INSERT INTO `audit_pending` (`seq`, `request_id`, `action`)
SELECT r.seq, r.request_id, r.action FROM `audit_events` r
WHERE r.outcome = 'requested' AND NOT EXISTS (
  SELECT 1 FROM `audit_events` o WHERE o.request_id = r.request_id AND o.action = r.action AND o.outcome IN ('succeeded', 'failed')
);
