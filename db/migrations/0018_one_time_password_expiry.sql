ALTER TABLE `staff` ADD `one_time_password_expires_at` integer;
--> statement-breakpoint
-- One-time passwords issued before expiry existed get 72 hours from this upgrade.
UPDATE `staff` SET `one_time_password_expires_at` = CAST(unixepoch('subsec') * 1000 AS INTEGER) + 259200000 WHERE `must_change_password` = 1;
