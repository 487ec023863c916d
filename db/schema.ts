import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, real, index, uniqueIndex, primaryKey } from 'drizzle-orm/sqlite-core';
import { AUDIT_OUTCOMES, ROLES } from '../server/vocabulary/index.ts';

/** Staff members who sign in to subdesk. E-mails are stored trimmed and lower-cased. */
export const staff = sqliteTable('staff', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  email: text('email').notNull().unique(),
  role: text('role', { enum: ROLES }).notNull(),
  /** `scrypt$N$r$p$salt$hash` (base64): the parameters travel with the hash. */
  passwordHash: text('password_hash').notNull(),
  /** True for a one-time password set at creation: the member must choose their own next. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(true),
  /**
   * Epoch ms after which the one-time password an admin (or `staff create`) issued no longer signs
   * in; null for a password the member chose (or the operator gave on the command line).
   */
  oneTimePasswordExpiresAt: integer('one_time_password_expires_at'),
  disabled: integer('disabled', { mode: 'boolean' }).notNull().default(false),
  /** Epoch ms of the last request from any of the member's sessions (kept after sign-out). */
  lastSeenAt: integer('last_seen_at'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

/** Sign-in sessions. Only the SHA-256 of the token is stored; the token lives in the cookie. */
export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tokenHash: text('token_hash').notNull().unique(),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    createdAt: integer('created_at').notNull(),
    lastSeenAt: integer('last_seen_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('staff_sessions_staff_idx').on(t.staffId)],
);

/** Failed sign-in counters, one row per account (`email:`) and per address (`ip:`). */
export const loginThrottle = sqliteTable('login_throttle', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  firstFailureAt: integer('first_failure_at').notNull(),
  lockedUntil: integer('locked_until'),
});

/**
 * The audit log. Append-only (triggers in a custom migration abort UPDATE and DELETE) and
 * hash-chained: hash = SHA-256(prev_hash || canonical JSON of the entry).
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    seq: integer('seq').primaryKey(),
    time: text('time').notNull(),
    requestId: text('request_id').notNull(),
    actorType: text('actor_type', { enum: ['staff', 'customer', 'system', 'anonymous'] }).notNull(),
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
    outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
    error: text('error'),
    upstreamRef: text('upstream_ref'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  // Time never goes backwards along the chain (record() keeps it monotonic), so time order is seq
  // order: every list index ends in seq, the list sorts by seq, and a time range becomes a seq
  // range found through audit_time_idx. Each filter + sort is then one index range scan.
  (t) => [
    index('audit_actor_idx').on(t.actorId, t.seq),
    index('audit_actor_email_idx').on(t.actorEmail, t.seq),
    index('audit_action_idx').on(t.action, t.seq),
    index('audit_action_outcome_idx').on(t.action, t.outcome, t.seq),
    index('audit_customer_idx').on(t.customerId, t.seq),
    index('audit_target_idx').on(t.targetType, t.targetId, t.seq),
    index('audit_request_idx').on(t.requestId),
    // (time, outcome) also covers the per-day chart's counts.
    index('audit_time_idx').on(t.time, t.outcome),
    index('audit_outcome_idx').on(t.outcome, t.seq),
  ],
);

/**
 * Derived, not evidence: the `requested` entries that have no `succeeded`/`failed` yet (the
 * "outcome unknown" view and the start-up reconciliation). record() inserts and deletes here in
 * the same transaction as the append, so the list stays tiny and exact; it can be rebuilt from
 * audit_events at any time.
 */
export const auditPending = sqliteTable(
  'audit_pending',
  {
    seq: integer('seq').primaryKey(),
    requestId: text('request_id').notNull(),
    action: text('action').notNull(),
  },
  (t) => [index('audit_pending_request_idx').on(t.requestId, t.action)],
);

/** Signed checkpoints of the chain head (Ed25519, key outside the database). */
export const auditCheckpoints = sqliteTable(
  'audit_checkpoints',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    seq: integer('seq').notNull(),
    hash: text('hash').notNull(),
    time: text('time').notNull(),
    keyId: text('key_id').notNull(),
    signature: text('signature').notNull(),
  },
  (t) => [uniqueIndex('audit_checkpoints_seq_idx').on(t.seq)],
);

// customers index
/**
 * One row per person: the normalised e-mail (trimmed, lower-cased) is the key that merges a Gigs
 * user and a Centra customer. `gigs` and `centra` hold what the crawl saw in each system (compact
 * JSON, merged page by page); the other columns are derived from them by the builder in
 * server/customers/index/derive.ts (run by store.ts), which also writes `search_text`, the only column the FTS5 table
 * (customers_fts, custom migration) indexes. `dirty` marks rows whose derived columns are stale:
 * a full crawl fills the JSON first and builds each row (and its FTS entry) once at the end.
 */
export const customers = sqliteTable(
  'customers',
  {
    seq: integer('seq').primaryKey(),
    id: text('id').notNull().unique(),
    emailKey: text('email_key').notNull().unique(),
    name: text('name'),
    /** The name folded to ASCII lower case: sort key and short-query prefix match. */
    nameSort: text('name_sort'),
    email: text('email'),
    /** JSON arrays. */
    emails: text('emails'),
    phones: text('phones'),
    countries: text('countries'),
    gigsUserId: text('gigs_user_id'),
    centraCustomerId: text('centra_customer_id'),
    inGigs: integer('in_gigs', { mode: 'boolean' }).notNull().default(false),
    inCentra: integer('in_centra', { mode: 'boolean' }).notNull().default(false),
    gigsLive: integer('gigs_live').notNull().default(0),
    centraLive: integer('centra_live').notNull().default(0),
    gigs: text('gigs'),
    centra: text('centra'),
    searchText: text('search_text'),
    /** The exact keys (ids, e-mails, phone digits) this row has in customer_keys, space-separated. */
    searchKeys: text('search_keys'),
    dirty: integer('dirty').notNull().default(1),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('customers_name_sort_idx').on(t.nameSort),
    index('customers_gigs_user_idx').on(t.gigsUserId),
    index('customers_centra_customer_idx').on(t.centraCustomerId),
  ],
);

/** One row per crawl, for the status page. */
export const crawlRuns = sqliteTable('crawl_runs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind', { enum: ['full', 'incremental'] }).notNull(),
  status: text('status', { enum: ['running', 'succeeded', 'failed', 'interrupted'] }).notNull(),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
  durationMs: integer('duration_ms'),
  /** JSON: items read per phase, rows built. */
  counts: text('counts'),
  /** JSON: {phase: reason} for each phase that stopped. */
  errors: text('errors'),
});

/** Where each phase of the current (or interrupted) crawl got to, so a crash resumes there. */
export const crawlState = sqliteTable('crawl_state', {
  phase: text('phase').primaryKey(),
  runId: integer('run_id').notNull(),
  cursor: text('cursor'),
  done: integer('done', { mode: 'boolean' }).notNull().default(false),
  items: integer('items').notNull().default(0),
  updatedAt: text('updated_at').notNull(),
});

/**
 * Contracts read through Centra's Shop API one customer at a time, when the Integration API cannot
 * list them in bulk (server/customers/crawl/contract-walk.ts): one row, the pass over the index's Centra
 * customers (in e-mail key order) and how far it got, so a restart resumes there.
 */
export const contractWalk = sqliteTable('contract_walk', {
  id: integer('id').primaryKey(),
  passStartedAt: text('pass_started_at'),
  /** The last e-mail key read in this pass ('' before the first). */
  cursor: text('cursor').notNull().default(''),
  total: integer('total').notNull().default(0),
  done: integer('done').notNull().default(0),
  finishedAt: text('finished_at'),
  lastError: text('last_error'),
  updatedAt: text('updated_at').notNull(),
});

/** Customers whose contracts to read first: Centra said they changed (an incremental crawl). */
export const contractWalkQueue = sqliteTable('contract_walk_queue', {
  emailKey: text('email_key').primaryKey(),
  queuedAt: text('queued_at').notNull(),
});

/**
 * Answers to state-changing requests that carried an Idempotency-Key, kept 24 hours so that a
 * retry answers the first result and sends nothing upstream twice (server/http/idempotency.ts).
 * `status` is null while the first request is still being handled.
 */
export const idempotentRequests = sqliteTable(
  'idempotent_requests',
  {
    staffId: integer('staff_id').notNull(),
    key: text('key').notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    body: text('body'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.key] }), index('idempotent_requests_created_idx').on(t.createdAt)],
);

// connect sessions
/**
 * One row per Connect Session a staff member made on a customer's behalf (issue 6). Never the
 * session's `url`: it is a bearer link, shown to the agent once and then gone. The outcome is
 * filled by the public callback (/connect/done) after Gigs confirms the session.
 */
export const connectSessions = sqliteTable(
  'connect_sessions',
  {
    /** Gigs' `csn_…` id. */
    id: text('id').primaryKey(),
    customerId: text('customer_id').notNull(),
    staffId: integer('staff_id'),
    staffEmail: text('staff_email'),
    /** The Gigs intent type, e.g. `checkoutNewSubscription`. */
    intent: text('intent').notNull(),
    subscriptionId: text('subscription_id'),
    planId: text('plan_id'),
    /** JSON array of add-on ids (checkoutAddon). */
    addonIds: text('addon_ids'),
    /** The Gigs user the session was made for; null when it carried `userDetails` (a new user). */
    gigsUserId: text('gigs_user_id'),
    /** The request id of the agent's `gigs.connectSession.create` audit entry. */
    requestId: text('request_id').notNull(),
    createdAt: text('created_at').notNull(),
    /** `revoked`: a staff member withdrew it in subdesk (Gigs documents no revoke: the link may still work there until it expires). */
    outcome: text('outcome', { enum: ['pending', 'completed', 'abandoned', 'failed', 'revoked'] })
      .notNull()
      .default('pending'),
    outcomeAt: text('outcome_at'),
    /** The raw `status` word Connect appended to the callback (success, aborted, expired, ...). */
    callbackStatus: text('callback_status'),
  },
  (t) => [
    index('connect_sessions_customer_idx').on(t.customerId, t.createdAt),
    index('connect_sessions_staff_idx').on(t.staffEmail, t.createdAt),
    index('connect_sessions_created_idx').on(t.createdAt),
  ],
);

// subscriptions index
/**
 * One row per subscription seen in either upstream, written by the customer index builder
 * together with its customer row: what the merchandisers' plan counts and weekly charts are
 * computed from (aggregates only; `customer_seq` is for keeping rows in step, never shown).
 */
export const indexedSubscriptions = sqliteTable(
  'indexed_subscriptions',
  {
    system: text('system', { enum: ['gigs', 'centra'] }).notNull(),
    id: text('id').notNull(),
    customerSeq: integer('customer_seq').notNull(),
    /** Gigs plan id (`pln_…`) or Centra subscription plan id (string); null when Centra's plan is gone. */
    planId: text('plan_id'),
    /** Upstream status as-is: Gigs pending|initiated|active|ended, Centra active|paused|cancelled. */
    status: text('status').notNull(),
    /** Centra discount percent; null for Gigs. */
    discount: real('discount'),
    /** Centra item (product variant) or Gigs provider: lets the product × plan matrix count per item. */
    item: text('item'),
    createdAt: text('created_at'),
    /** Gigs canceledAt (or endedAt); Centra: not known upstream, null. */
    canceledAt: text('canceled_at'),
  },
  (t) => [
    // A unique index, not the primary key: a first build drops it and recreates it at its end (one
    // sort instead of three million random inserts; server/customers/crawl/stage.ts).
    uniqueIndex('indexed_subscriptions_id_idx').on(t.system, t.id),
    // Covers the plan_stats recount (count and average discount per plan and status) without touching rows.
    index('indexed_subscriptions_plan_idx').on(t.system, t.planId, t.status, t.discount),
    index('indexed_subscriptions_customer_idx').on(t.customerSeq),
    // The plans pages' weekly chart counts ranges of these per system, from the index alone.
    index('indexed_subscriptions_created_idx').on(t.system, t.createdAt),
    index('indexed_subscriptions_canceled_idx').on(t.system, t.canceledAt).where(sql`canceled_at IS NOT NULL`),
  ],
);

/** Aggregates per plan, recomputed from indexed_subscriptions after crawls (pages read this, not the big table). */
export const planStats = sqliteTable(
  'plan_stats',
  {
    system: text('system', { enum: ['gigs', 'centra'] }).notNull(),
    planId: text('plan_id').notNull(),
    status: text('status').notNull(),
    subscriptions: integer('subscriptions').notNull(),
    /** Average discount percent (Centra), null for Gigs. */
    averageDiscount: real('average_discount'),
    computedAt: text('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.system, t.planId, t.status] })],
);

// customer notes
/**
 * Short internal notes staff (support, admin) write on a customer: why something was done, what
 * was promised. Each is written together with its `customer.note.create` audit entry, which holds
 * the text too (staff-written, not a secret); the customer's timeline shows them from there.
 */
export const customerNotes = sqliteTable(
  'customer_notes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** subdesk's customer id (`cus_…`). */
    customerId: text('customer_id').notNull(),
    staffId: integer('staff_id').notNull(),
    staffEmail: text('staff_email').notNull(),
    text: text('text').notNull(),
    /** The request id of its audit entry. */
    requestId: text('request_id').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('customer_notes_customer_idx').on(t.customerId, t.id)],
);

// change feeds
/**
 * The durable inbox of the upstreams' change feeds (Gigs webhooks now; Centra's events beside it
 * later, told apart by `feed`). A delivery is committed here before it is answered 2xx, and
 * applied to the index afterwards by the feed applier (server/feeds/applier.ts): a crash between
 * the two loses nothing, and the unique (feed, delivery_id) makes a second delivery a no-op.
 * `as_of` is the upstream time the applied state stands for (the event's time, or when subdesk
 * read the object itself), the version a later delivery about the same object is compared with.
 */
export const feedInbox = sqliteTable(
  'feed_inbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    feed: text('feed', { enum: ['gigs', 'centra'] }).notNull(),
    /** The delivery's own id (Gigs: the `webhook-id` header), the same on every retry. */
    deliveryId: text('delivery_id').notNull(),
    eventType: text('event_type').notNull(),
    /** When the change happened upstream (the event's `time`), null when the body did not say. */
    eventTime: text('event_time'),
    /** The object the event is about (`usr_…`, `sub_…`, `csn_…`), null when the body did not say. */
    objectId: text('object_id'),
    receivedAt: text('received_at').notNull(),
    body: text('body').notNull(),
    appliedAt: text('applied_at'),
    /** applied | stale | ignored | refused (unreadable): what applying it did. */
    outcome: text('outcome'),
    asOf: text('as_of'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at'),
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

// second factors
/**
 * A staff member's second factors: authenticator apps (TOTP) and passkeys (WebAuthn). Never the
 * TOTP secret in clear: it is sealed with the sign-in key kept outside the database
 * (server/auth/auth-key.ts). A passkey row holds only public data (its id and public key).
 */
export const staffSecondFactors = sqliteTable(
  'staff_second_factors',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    kind: text('kind', { enum: ['totp', 'passkey'] }).notNull(),
    /** The member's own name for it ("Phone", "YubiKey"). */
    label: text('label').notNull(),
    createdAt: text('created_at').notNull(),
    lastUsedAt: text('last_used_at'),
    /** TOTP: the shared secret, sealed. */
    totpSecretSealed: text('totp_secret_sealed'),
    /** TOTP: the last 30-second step a code was accepted for; a code is never accepted twice. */
    totpLastStep: integer('totp_last_step'),
    /** Passkey: credential id and COSE public key (base64url), signature counter, transports (JSON). */
    credentialId: text('credential_id').unique(),
    publicKey: text('public_key'),
    signCount: integer('sign_count'),
    transports: text('transports'),
  },
  (t) => [index('staff_second_factors_staff_idx').on(t.staffId)],
);

/** Ten single-use recovery codes per member with a second factor, kept as keyed hashes. */
export const staffRecoveryCodes = sqliteTable(
  'staff_recovery_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    codeHash: text('code_hash').notNull(),
    createdAt: text('created_at').notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('staff_recovery_codes_staff_idx').on(t.staffId)],
);

/**
 * A sign-in between its password and its second step (or the enrolment a role requires): no
 * session exists yet. The browser holds the token in an httpOnly cookie; only its SHA-256 is here.
 */
export const pendingSignIns = sqliteTable('pending_sign_ins', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull().unique(),
  staffId: integer('staff_id')
    .notNull()
    .references(() => staff.id),
  /** `verify`: prove a factor; `enrol`: add the first one (the member's role requires it). */
  purpose: text('purpose', { enum: ['verify', 'enrol'] }).notNull(),
  /** Made while the account was locked: one try, which counts only when the password was right too. */
  duringLock: integer('during_lock', { mode: 'boolean' }).notNull().default(false),
  passwordRight: integer('password_right', { mode: 'boolean' }).notNull(),
  /** The WebAuthn challenge of the passkey prompt last offered. */
  challenge: text('challenge'),
  failures: integer('failures').notNull().default(0),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
});

/** A factor being added, until the member confirms it: the sealed TOTP secret shown, or the WebAuthn registration challenge. */
export const pendingFactorEnrolments = sqliteTable(
  'pending_factor_enrolments',
  {
    staffId: integer('staff_id')
      .notNull()
      .references(() => staff.id),
    kind: text('kind', { enum: ['totp', 'passkey'] }).notNull(),
    totpSecretSealed: text('totp_secret_sealed'),
    challenge: text('challenge'),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.kind] })],
);
