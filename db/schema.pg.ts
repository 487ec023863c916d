import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, doublePrecision, index, integer, jsonb, pgTable, primaryKey, uniqueIndex } from 'drizzle-orm/pg-core';
import type { AUDIT_OUTCOMES, ROLES } from '../server/vocabulary/index.ts';
import type { CentraFacts, GigsFacts } from '../server/customers/types.ts';

/**
 * subdesk's tables on PostgreSQL: the same tables, columns and indexes as db/schema.ts (SQLite),
 * in PostgreSQL's own idiom. test/schema-parity.test.ts fails when a SQLite table or column has no
 * counterpart here. Migrations: db/migrations-pg/ (drizzle.pg.config.ts), design in docs/postgres.md.
 *
 * Choices, applied to every table:
 * - Text is `COLLATE "C"` (the `text` below): SQLite compares text bytewise, and so do the code's
 *   sorts and prefix ranges (`key >= 'sub_0' AND key < 'sub_1'`); under a database's default
 *   linguistic collation (en_US.UTF-8 on most hosted servers) punctuation is ignored, so orders
 *   and ranges would differ from SQLite's and a B-tree could not serve LIKE 'prefix%'.
 * - Keys are bigint identities (`by default`, so a copy from SQLite keeps its ids), numbers in JS.
 * - Instants subdesk itself records are `timestamptz` (`instant` below), read back as the same ISO
 *   strings (`2026-12-02T10:00:00.000Z`) the SQLite side stores, so domain code sees one type.
 *   Exceptions, each for a reason: the audit log keeps its time as text (the hash covers those exact
 *   bytes); times an upstream gave (a subscription's createdAt) stay text as given (no parse can
 *   refuse a row); sign-in bookkeeping keeps epoch milliseconds (bigint), which the auth code adds to.
 * - JSON subdesk reads as values is `jsonb` (facts, lists, crawl counts). JSON kept as bytes stays
 *   text: audit payloads (hashed), stored HTTP answers (replayed verbatim), webhook bodies (kept as
 *   received, even unreadable), the crawl stage (written once, parsed by the builder).
 * - Enumerations are text typed by the vocabulary, with no CHECK: the words live in
 *   server/vocabulary, as on SQLite, and a new word needs no migration.
 */

/** Text compared bytewise, as SQLite's BINARY collation and JavaScript compare it. */
const text = customType<{ data: string; driverData: string }>({ dataType: () => 'text COLLATE "C"' });

/**
 * A moment subdesk recorded, stored as timestamptz and handed to the code as an ISO string. Values
 * are written as ISO strings; PostgreSQL answers `2026-12-02 10:00:00.12+00` (its own format, in the
 * session's zone), which becomes `2026-12-02T10:00:00.120Z` again.
 */
export const instant = customType<{ data: string; driverData: string }>({
  dataType: () => 'timestamp(3) with time zone',
  fromDriver: (value) => isoFromPostgres(value),
});

/** PostgreSQL's timestamptz output (any DateStyle ISO zone) as a JavaScript ISO string. */
export function isoFromPostgres(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) throw new Error(`Not a PostgreSQL timestamp: ${value}`);
  return time.toISOString();
}

const id = (name: string) => bigint(name, { mode: 'number' });
const epochMs = (name: string) => bigint(name, { mode: 'number' });

/** Staff members who sign in to subdesk. E-mails are stored trimmed and lower-cased. */
export const staff = pgTable('staff', {
  id: id('id').primaryKey().generatedByDefaultAsIdentity(),
  email: text('email').notNull().unique(),
  role: text('role').$type<(typeof ROLES)[number]>().notNull(),
  /** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash. */
  passwordHash: text('password_hash').notNull(),
  mustChangePassword: boolean('must_change_password').notNull().default(true),
  /** Epoch ms after which the pending one-time password no longer works (72 h after it was issued). */
  oneTimePasswordExpiresAt: epochMs('one_time_password_expires_at'),
  disabled: boolean('disabled').notNull().default(false),
  /** Epoch ms of the last request from any of the member's sessions (kept after sign-out). */
  lastSeenAt: epochMs('last_seen_at'),
  createdAt: instant('created_at').notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/** Sign-in sessions. Only the SHA-256 of the token is stored; the token lives in the cookie. */
export const staffSessions = pgTable(
  'staff_sessions',
  {
    id: id('id').primaryKey().generatedByDefaultAsIdentity(),
    tokenHash: text('token_hash').notNull().unique(),
    staffId: id('staff_id')
      .notNull()
      .references(() => staff.id),
    createdAt: epochMs('created_at').notNull(),
    lastSeenAt: epochMs('last_seen_at').notNull(),
    /** As the request reported it (text, not inet: a proxy may hand anything). */
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

/** Failed sign-in counters, one row per account (`email:`) and per address (`ip:`): shared by every instance. */
export const loginThrottle = pgTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  firstFailureAt: epochMs('first_failure_at').notNull(),
  lockedUntil: epochMs('locked_until'),
});

/** A member's second factors (authenticator apps and passkeys); the TOTP secret only sealed (server/auth/auth-key.ts). */
export const staffSecondFactors = pgTable(
  'staff_second_factors',
  {
    id: id('id').primaryKey().generatedByDefaultAsIdentity(),
    staffId: id('staff_id')
      .notNull()
      .references(() => staff.id),
    kind: text('kind').$type<'totp' | 'passkey'>().notNull(),
    label: text('label').notNull(),
    createdAt: instant('created_at').notNull(),
    lastUsedAt: instant('last_used_at'),
    totpSecretSealed: text('totp_secret_sealed'),
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    credentialId: text('credential_id').unique(),
    publicKey: text('public_key'),
    signCount: bigint('sign_count', { mode: 'number' }),
    transports: text('transports'),
  },
  (t) => [index('staff_second_factors_staff_idx').on(t.staffId)],
);

/** Single-use recovery codes, kept as keyed hashes. */
export const staffRecoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    id: id('id').primaryKey().generatedByDefaultAsIdentity(),
    staffId: id('staff_id')
      .notNull()
      .references(() => staff.id),
    codeHash: text('code_hash').notNull(),
    createdAt: instant('created_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [index('staff_recovery_codes_staff_idx').on(t.staffId)],
);

/** A sign-in between its password and its second step: shared by every instance, so any one can finish it. */
export const pendingSignIns = pgTable('pending_sign_ins', {
  id: id('id').primaryKey().generatedByDefaultAsIdentity(),
  tokenHash: text('token_hash').notNull().unique(),
  staffId: id('staff_id')
    .notNull()
    .references(() => staff.id),
  purpose: text('purpose').$type<'verify' | 'enrol'>().notNull(),
  duringLock: boolean('during_lock').notNull().default(false),
  passwordRight: boolean('password_right').notNull(),
  challenge: text('challenge'),
  failures: integer('failures').notNull().default(0),
  createdAt: epochMs('created_at').notNull(),
  expiresAt: epochMs('expires_at').notNull(),
});

/** A factor being added, until the member confirms it. */
export const pendingFactorEnrolments = pgTable(
  'pending_factor_enrolments',
  {
    staffId: id('staff_id')
      .notNull()
      .references(() => staff.id),
    kind: text('kind').$type<'totp' | 'passkey'>().notNull(),
    totpSecretSealed: text('totp_secret_sealed'),
    challenge: text('challenge'),
    expiresAt: epochMs('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.kind] })],
);

/**
 * The audit log, append-only (triggers raise on UPDATE, DELETE and TRUNCATE: migration
 * 0002_audit_append_only) and hash-chained. `seq` is no identity: the appender computes it from the
 * head it read under the append lock (server/storage/pg/audit-append.ts), because the hash covers it
 * and the chain has no gaps. Every hashed column is text, holding exactly the bytes that were hashed.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    time: text('time').notNull(),
    requestId: text('request_id').notNull(),
    actorType: text('actor_type').$type<'staff' | 'customer' | 'system' | 'anonymous'>().notNull(),
    actorId: text('actor_id'),
    actorEmail: text('actor_email'),
    actorRole: text('actor_role'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    customerId: text('customer_id'),
    request: text('request'),
    before: text('before'),
    after: text('after'),
    outcome: text('outcome').$type<(typeof AUDIT_OUTCOMES)[number]>().notNull(),
    error: text('error'),
    upstreamRef: text('upstream_ref'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  // As on SQLite: time order is seq order, every list index ends in seq.
  (t) => [
    index('audit_actor_idx').on(t.actorId, t.seq),
    index('audit_actor_email_idx').on(t.actorEmail, t.seq),
    index('audit_action_idx').on(t.action, t.seq),
    index('audit_action_outcome_idx').on(t.action, t.outcome, t.seq),
    index('audit_customer_idx').on(t.customerId, t.seq),
    index('audit_target_idx').on(t.targetType, t.targetId, t.seq),
    index('audit_request_idx').on(t.requestId),
    index('audit_time_idx').on(t.time, t.outcome),
    index('audit_outcome_idx').on(t.outcome, t.seq),
  ],
);

/** Derived: `requested` entries still waiting for their outcome, kept in the append's transaction. */
export const auditPending = pgTable(
  'audit_pending',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    requestId: text('request_id').notNull(),
    action: text('action').notNull(),
  },
  (t) => [index('audit_pending_request_idx').on(t.requestId, t.action)],
);

/** Signed checkpoints of the chain head (Ed25519, key outside the database); append-only too. */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    id: id('id').primaryKey().generatedByDefaultAsIdentity(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    time: text('time').notNull(),
    keyId: text('key_id').notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [uniqueIndex('audit_checkpoints_seq_idx').on(t.seq)],
);

// customers index
/**
 * One row per person (the normalised e-mail is the key); see db/schema.ts. `search_text` carries a
 * pg_trgm GIN index (substring search, server/storage/pg/search.ts) where SQLite has its FTS5 table.
 */
export const customers = pgTable(
  'customers',
  {
    seq: id('seq').primaryKey().generatedByDefaultAsIdentity(),
    id: text('id').notNull().unique(),
    emailKey: text('email_key').notNull().unique(),
    name: text('name'),
    nameSort: text('name_sort'),
    email: text('email'),
    emails: jsonb('emails').$type<string[]>(),
    phones: jsonb('phones').$type<string[]>(),
    countries: jsonb('countries').$type<string[]>(),
    gigsUserId: text('gigs_user_id'),
    centraCustomerId: text('centra_customer_id'),
    inGigs: boolean('in_gigs').notNull().default(false),
    inCentra: boolean('in_centra').notNull().default(false),
    gigsLive: integer('gigs_live').notNull().default(0),
    centraLive: integer('centra_live').notNull().default(0),
    gigs: jsonb('gigs').$type<GigsFacts>(),
    centra: jsonb('centra').$type<CentraFacts>(),
    searchText: text('search_text'),
    searchKeys: text('search_keys'),
    dirty: boolean('dirty').notNull().default(true),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    index('customers_name_sort_idx').on(t.nameSort),
    index('customers_gigs_user_idx').on(t.gigsUserId),
    index('customers_centra_customer_idx').on(t.centraCustomerId),
    index('customers_dirty_idx').on(t.seq).where(sql`dirty`),
    index('customers_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
  ],
);

/**
 * Exact and prefix lookups of a customer by any id, e-mail or phone digits (a B-tree, bytewise, so
 * `key >= $1 AND key < $2` is a range scan). On SQLite a custom-SQL WITHOUT ROWID table.
 */
export const customerKeys = pgTable('customer_keys', { key: text('key').notNull(), seq: id('seq').notNull() }, (t) => [
  primaryKey({ columns: [t.key, t.seq] }),
]);

/**
 * Every suffix (3 digits or more) of every run of digits in a customer's search_text: a digit
 * substring ("0571044", the digits of "emilie.celik43576") is a prefix of one of them, so a B-tree
 * range answers what the trigram index answers slowly (digit trigrams each occur in 1 to 3% of
 * rows). PostgreSQL only (SQLite's FTS5 answers these itself): kept by triggers on customers,
 * whatever writes it (migrations 0005 and 0006), read by server/storage/pg/search.ts.
 */
export const customerDigitSuffixes = pgTable('customer_digit_suffixes', { suffix: text('suffix').notNull(), seq: id('seq').notNull() }, (t) => [
  primaryKey({ columns: [t.suffix, t.seq] }),
]);

/** One row per crawl, for the status page. */
export const crawlRuns = pgTable('crawl_runs', {
  id: id('id').primaryKey().generatedByDefaultAsIdentity(),
  kind: text('kind').$type<'full' | 'incremental'>().notNull(),
  status: text('status').$type<'running' | 'succeeded' | 'failed' | 'interrupted'>().notNull(),
  startedAt: instant('started_at').notNull(),
  finishedAt: instant('finished_at'),
  durationMs: bigint('duration_ms', { mode: 'number' }),
  counts: jsonb('counts').$type<Record<string, number>>(),
  errors: jsonb('errors').$type<Record<string, string>>(),
});

/** Where each phase of the current (or interrupted) crawl got to, so a crash resumes there. */
export const crawlState = pgTable('crawl_state', {
  phase: text('phase').primaryKey(),
  runId: id('run_id').notNull(),
  cursor: text('cursor'),
  done: boolean('done').notNull().default(false),
  items: integer('items').notNull().default(0),
  updatedAt: instant('updated_at').notNull(),
});

/** The Shop API walk over Centra customers' contracts: one row, how far the pass got. */
export const contractWalk = pgTable('contract_walk', {
  id: integer('id').primaryKey(),
  passStartedAt: instant('pass_started_at'),
  cursor: text('cursor').notNull().default(''),
  total: integer('total').notNull().default(0),
  done: integer('done').notNull().default(0),
  finishedAt: instant('finished_at'),
  lastError: text('last_error'),
  updatedAt: instant('updated_at').notNull(),
});

/** Customers whose contracts to read first: Centra said they changed. */
export const contractWalkQueue = pgTable('contract_walk_queue', {
  emailKey: text('email_key').primaryKey(),
  queuedAt: instant('queued_at').notNull(),
});

// crawl stage (on SQLite created by server/customers/crawl/stage.ts at run time)
/**
 * The crawl's scratch space: staged batches per bucket, committed with their list's cursor, so a
 * crash resumes where it stopped. Logged tables (not UNLOGGED): surviving a crash is their point.
 */
export const crawlStageBatches = pgTable(
  'crawl_stage_batches',
  {
    bucket: integer('bucket').notNull(),
    id: id('id').notNull(),
    items: integer('items').notNull(),
    /** JSON array of e-mail keys, as text: written once, parsed once by the builder. */
    keys: text('keys').notNull(),
    parts: text('parts').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.id] })],
);

/** Flags of the stage, and the definitions of indexes a first build dropped (`index:<name>`). */
export const crawlStageFlags = pgTable('crawl_stage_flags', { name: text('name').primaryKey(), value: text('value').notNull() });

/** New rows whose exact keys wait for the end of a first build. */
export const crawlStageNewKeys = pgTable('crawl_stage_new_keys', { seq: id('seq').primaryKey(), keys: text('keys').notNull() });

/** Rows that took their keys out of the wait while a sorted copy was made. */
export const crawlStageRebuilt = pgTable('crawl_stage_rebuilt', { seq: id('seq').primaryKey() });

/** Answers to state-changing requests with an Idempotency-Key, kept 24 hours (server/http/idempotency.ts). */
export const idempotentRequests = pgTable(
  'idempotent_requests',
  {
    staffId: id('staff_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    /** The answer as sent, replayed byte for byte. */
    body: text('body'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.key] }), index('idempotent_requests_created_idx').on(t.createdAt)],
);

// connect sessions
/** One row per Connect Session made on a customer's behalf; never the session's URL. */
export const connectSessions = pgTable(
  'connect_sessions',
  {
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    staffId: id('staff_id'),
    staffEmail: text('staff_email'),
    intent: text('intent').notNull(),
    subscriptionId: text('subscription_id'),
    planId: text('plan_id'),
    addonIds: jsonb('addon_ids').$type<string[]>(),
    gigsUserId: text('gigs_user_id'),
    requestId: text('request_id').notNull(),
    createdAt: instant('created_at').notNull(),
    outcome: text('outcome').$type<'pending' | 'completed' | 'abandoned' | 'failed' | 'revoked'>().notNull().default('pending'),
    outcomeAt: instant('outcome_at'),
    callbackStatus: text('callback_status'),
  },
  (t) => [
    index('connect_sessions_customer_idx').on(t.customerId, t.createdAt),
    index('connect_sessions_staff_idx').on(t.staffEmail, t.createdAt),
    index('connect_sessions_created_idx').on(t.createdAt),
  ],
);

// subscriptions index
/** One row per subscription seen in either upstream (aggregates for the plans pages). */
export const indexedSubscriptions = pgTable(
  'indexed_subscriptions',
  {
    system: text('system').$type<'gigs' | 'centra'>().notNull(),
    id: text('id').notNull(),
    customerSeq: id('customer_seq').notNull(),
    planId: text('plan_id'),
    status: text('status').notNull(),
    discount: doublePrecision('discount'),
    item: text('item'),
    /** As the upstream wrote it. */
    createdAt: text('created_at'),
    canceledAt: text('canceled_at'),
  },
  (t) => [
    uniqueIndex('indexed_subscriptions_id_idx').on(t.system, t.id),
    index('indexed_subscriptions_plan_idx').on(t.system, t.planId, t.status, t.discount),
    index('indexed_subscriptions_customer_idx').on(t.customerSeq),
    index('indexed_subscriptions_created_idx').on(t.system, t.createdAt),
    index('indexed_subscriptions_canceled_idx').on(t.system, t.canceledAt).where(sql`canceled_at IS NOT NULL`),
  ],
);

/** Aggregates per plan, recomputed from indexed_subscriptions after crawls. */
export const planStats = pgTable(
  'plan_stats',
  {
    system: text('system').$type<'gigs' | 'centra'>().notNull(),
    planId: text('plan_id').notNull(),
    status: text('status').notNull(),
    subscriptions: integer('subscriptions').notNull(),
    averageDiscount: doublePrecision('average_discount'),
    computedAt: instant('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.system, t.planId, t.status] })],
);

// customer notes
/** Short internal notes staff write on a customer, each with its `customer.note.create` audit entry. */
export const customerNotes = pgTable(
  'customer_notes',
  {
    id: id('id').primaryKey().generatedByDefaultAsIdentity(),
    customerId: text('customer_id').notNull(),
    staffId: id('staff_id').notNull(),
    staffEmail: text('staff_email').notNull(),
    text: text('text').notNull(),
    requestId: text('request_id').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('customer_notes_customer_idx').on(t.customerId, t.id)],
);

// cluster
/**
 * Background work runs on one instance at a time: the instance named in this row while `expires_at`
 * (the database's clock) is ahead. server/storage/pg/lease.ts takes, renews and hands it over;
 * `token` grows with every new holder (a fencing token). PostgreSQL only: SQLite is one process.
 */
export const backgroundLeases = pgTable('background_leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  token: bigint('token', { mode: 'number' }).notNull(),
  acquiredAt: instant('acquired_at').notNull(),
  renewedAt: instant('renewed_at').notNull(),
  expiresAt: instant('expires_at').notNull(),
});

// change feeds
/**
 * The durable inbox of the upstreams' change feeds (Gigs webhooks; Centra's events later): a delivery
 * is committed here before it is answered 2xx and applied afterwards (on the lease holder). The
 * unique (feed, delivery_id) makes a second delivery, to any instance, a no-op.
 */
export const feedInbox = pgTable(
  'feed_inbox',
  {
    seq: id('seq').primaryKey().generatedByDefaultAsIdentity(),
    feed: text('feed').$type<'gigs' | 'centra'>().notNull(),
    deliveryId: text('delivery_id').notNull(),
    eventType: text('event_type').notNull(),
    /** The upstream's own time, as it wrote it. */
    eventTime: text('event_time'),
    objectId: text('object_id'),
    receivedAt: instant('received_at').notNull(),
    /** The body as received (text: an unreadable one is kept and refused, not lost). */
    body: text('body').notNull(),
    appliedAt: instant('applied_at'),
    outcome: text('outcome'),
    /** The upstream time the applied state stands for, compared with later deliveries' times (text, as given). */
    asOf: text('as_of'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at'),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('feed_inbox_delivery_idx').on(t.feed, t.deliveryId),
    index('feed_inbox_backlog_idx').on(t.feed, t.seq).where(sql`applied_at IS NULL`),
    index('feed_inbox_object_idx').on(t.feed, t.objectId, t.asOf).where(sql`outcome = 'applied'`),
    index('feed_inbox_applied_idx').on(t.feed, t.appliedAt),
    index('feed_inbox_received_idx').on(t.receivedAt),
  ],
);
