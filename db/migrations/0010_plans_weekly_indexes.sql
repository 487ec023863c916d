DROP INDEX `indexed_subscriptions_created_idx`;--> statement-breakpoint
CREATE INDEX `indexed_subscriptions_canceled_idx` ON `indexed_subscriptions` (`system`,`canceled_at`) WHERE canceled_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `indexed_subscriptions_created_idx` ON `indexed_subscriptions` (`system`,`created_at`);