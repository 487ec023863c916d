DROP INDEX `indexed_subscriptions_plan_idx`;--> statement-breakpoint
CREATE INDEX `indexed_subscriptions_plan_idx` ON `indexed_subscriptions` (`system`,`plan_id`,`status`,`discount`);