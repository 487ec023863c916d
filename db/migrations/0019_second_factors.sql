CREATE TABLE `pending_factor_enrolments` (
	`staff_id` integer NOT NULL,
	`kind` text NOT NULL,
	`totp_secret_sealed` text,
	`challenge` text,
	`expires_at` integer NOT NULL,
	PRIMARY KEY(`staff_id`, `kind`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `pending_sign_ins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`staff_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`during_lock` integer DEFAULT false NOT NULL,
	`password_right` integer NOT NULL,
	`challenge` text,
	`failures` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pending_sign_ins_token_hash_unique` ON `pending_sign_ins` (`token_hash`);--> statement-breakpoint
CREATE TABLE `staff_recovery_codes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`code_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_recovery_codes_staff_idx` ON `staff_recovery_codes` (`staff_id`);--> statement-breakpoint
CREATE TABLE `staff_second_factors` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`staff_id` integer NOT NULL,
	`kind` text NOT NULL,
	`label` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`totp_secret_sealed` text,
	`totp_last_step` integer,
	`credential_id` text,
	`public_key` text,
	`sign_count` integer,
	`transports` text,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_second_factors_credential_id_unique` ON `staff_second_factors` (`credential_id`);--> statement-breakpoint
CREATE INDEX `staff_second_factors_staff_idx` ON `staff_second_factors` (`staff_id`);