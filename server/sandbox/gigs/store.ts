import type Database from 'better-sqlite3';
import type { AddonDoc, ConnectSessionDoc, PlanDoc, SubscriptionAddonDoc, SubscriptionRow, UserAddressDoc, UserDoc } from './docs.ts';
import { seqFor } from './ids.ts';
import { Pager } from './paging.ts';
import type { GigsTable } from './tables.ts';

export type UserDetails = { email: string; fullName?: string | null; preferredLocale?: string; birthday?: string | null };

export type StoredSession = { doc: ConnectSessionDoc; tokenHash: string; expiresAt: number; userDetails: UserDetails | null };

/** Every read and write of the emulator's tables, as prepared statements made once. */
export class GigsStore {
  readonly pager: Pager;
  private readonly s;

  constructor(readonly db: Database.Database) {
    this.pager = new Pager(db);
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      maxSeq: Object.fromEntries(
        (
          [
            'gigs_users',
            'gigs_plans',
            'gigs_addons',
            'gigs_subscriptions',
            'gigs_subscription_addons',
            'gigs_connect_sessions',
            'gigs_user_addresses',
          ] as GigsTable[]
        ).map((t) => [t, p(`SELECT MAX(seq) AS seq FROM ${t}`)]),
      ) as Record<GigsTable, Database.Statement>,
      userById: p('SELECT doc FROM gigs_users WHERE id = ?'),
      usersByEmail: p('SELECT seq, id, doc FROM gigs_users WHERE email = ? ORDER BY seq DESC'),
      insertUser: p('INSERT INTO gigs_users (seq, id, email, doc) VALUES (?, ?, ?, ?)'),
      updateUser: p('UPDATE gigs_users SET email = ?, doc = ? WHERE id = ?'),
      deleteUser: p('DELETE FROM gigs_users WHERE id = ?'),
      subscriptionIdsOfUser: p('SELECT id FROM gigs_subscriptions WHERE user_id = ? ORDER BY seq'),
      addressById: p('SELECT doc FROM gigs_user_addresses WHERE id = ? AND user_id = ?'),
      latestAddress: p('SELECT doc FROM gigs_user_addresses WHERE user_id = ? ORDER BY seq DESC LIMIT 1'),
      subscriptionsOfUser: p('SELECT doc, user_id AS userId, plan_id AS planId FROM gigs_subscriptions WHERE user_id = ? ORDER BY seq DESC'),
      insertAddress: p('INSERT INTO gigs_user_addresses (seq, id, user_id, doc) VALUES (?, ?, ?, ?)'),
      planById: p('SELECT doc FROM gigs_plans WHERE id = ?'),
      allPlans: p('SELECT doc FROM gigs_plans ORDER BY seq DESC'),
      insertPlan: p('INSERT INTO gigs_plans (seq, id, status, provider, doc) VALUES (?, ?, ?, ?, ?)'),
      addonById: p('SELECT doc FROM gigs_addons WHERE id = ?'),
      insertAddon: p('INSERT INTO gigs_addons (seq, id, status, provider, doc) VALUES (?, ?, ?, ?, ?)'),
      subscriptionById: p('SELECT doc, user_id AS userId, plan_id AS planId FROM gigs_subscriptions WHERE id = ?'),
      insertSubscription: p('INSERT INTO gigs_subscriptions (seq, id, user_id, plan_id, status, doc) VALUES (?, ?, ?, ?, ?, ?)'),
      updateSubscription: p('UPDATE gigs_subscriptions SET plan_id = ?, status = ?, doc = ? WHERE id = ?'),
      sadById: p('SELECT doc, addon_id AS addonId FROM gigs_subscription_addons WHERE id = ?'),
      insertSad: p('INSERT INTO gigs_subscription_addons (seq, id, subscription_id, user_id, addon_id, doc) VALUES (?, ?, ?, ?, ?, ?)'),
      sessionById: p('SELECT doc, token_hash AS tokenHash, expires_at AS expiresAt, user_details AS userDetails FROM gigs_connect_sessions WHERE id = ?'),
      insertSession: p('INSERT INTO gigs_connect_sessions (seq, id, token_hash, expires_at, state, user_details, doc) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      updateSession: p('UPDATE gigs_connect_sessions SET state = ?, doc = ? WHERE id = ?'),
      idempotencyGet: p('SELECT status, body FROM gigs_idempotency WHERE key = ? AND created_at > ?'),
      idempotencyPut: p('INSERT OR REPLACE INTO gigs_idempotency (key, created_at, status, body) VALUES (?, ?, ?, ?)'),
      idempotencyPrune: p('DELETE FROM gigs_idempotency WHERE created_at <= ?'),
    };
  }

  /** The next seq for a row created now: after everything already there, in creation order. */
  nextSeq(table: GigsTable, nowMs: number): number {
    const max = (this.s.maxSeq[table].get() as { seq: number | null }).seq ?? 0;
    return Math.max(seqFor(nowMs, 0), max + 1);
  }

  /** Seeding writes many rows in one go; the caller hands out seqs itself (seqFor + a counter). */
  get statements() {
    return this.s;
  }

  user(id: string): UserDoc | undefined {
    return parse(this.s.userById.get(id));
  }

  usersByEmail(email: string): UserDoc[] {
    return (this.s.usersByEmail.all(email.trim().toLowerCase()) as { doc: string }[]).map((r) => JSON.parse(r.doc));
  }

  insertUser(doc: UserDoc, nowMs: number) {
    this.s.insertUser.run(this.nextSeq('gigs_users', nowMs), doc.id, doc.email, JSON.stringify(doc));
  }

  updateUser(doc: UserDoc) {
    this.s.updateUser.run(doc.email, JSON.stringify(doc), doc.id);
  }

  /** Erases the user: no longer listed, searched or found (GET answers 404). */
  deleteUser(id: string) {
    this.s.deleteUser.run(id);
  }

  subscriptionIdsOfUser(userId: string): string[] {
    return (this.s.subscriptionIdsOfUser.all(userId) as { id: string }[]).map((r) => r.id);
  }

  address(userId: string, id: string): UserAddressDoc | undefined {
    return parse(this.s.addressById.get(id, userId));
  }

  latestAddress(userId: string): UserAddressDoc | undefined {
    return parse(this.s.latestAddress.get(userId));
  }

  subscriptionsOf(userId: string): SubscriptionRow[] {
    return (this.s.subscriptionsOfUser.all(userId) as { doc: string; userId: string; planId: string }[]).map((r) => ({
      doc: JSON.parse(r.doc),
      userId: r.userId,
      planId: r.planId,
    }));
  }

  insertAddress(doc: UserAddressDoc, nowMs: number) {
    this.s.insertAddress.run(this.nextSeq('gigs_user_addresses', nowMs), doc.id, doc.user, JSON.stringify(doc));
  }

  plan(id: string): PlanDoc | undefined {
    return parse(this.s.planById.get(id));
  }

  plans(): PlanDoc[] {
    return (this.s.allPlans.all() as { doc: string }[]).map((r) => JSON.parse(r.doc));
  }

  addon(id: string): AddonDoc | undefined {
    return parse(this.s.addonById.get(id));
  }

  subscription(id: string): SubscriptionRow | undefined {
    const row = this.s.subscriptionById.get(id) as { doc: string; userId: string; planId: string } | undefined;
    return row && { doc: JSON.parse(row.doc), userId: row.userId, planId: row.planId };
  }

  insertSubscription(row: SubscriptionRow, nowMs: number) {
    this.s.insertSubscription.run(this.nextSeq('gigs_subscriptions', nowMs), row.doc.id, row.userId, row.planId, row.doc.status, JSON.stringify(row.doc));
  }

  updateSubscription(row: SubscriptionRow) {
    this.s.updateSubscription.run(row.planId, row.doc.status, JSON.stringify(row.doc), row.doc.id);
  }

  subscriptionAddon(id: string): { doc: SubscriptionAddonDoc; addonId: string } | undefined {
    const row = this.s.sadById.get(id) as { doc: string; addonId: string } | undefined;
    return row && { doc: JSON.parse(row.doc), addonId: row.addonId };
  }

  insertSubscriptionAddon(doc: SubscriptionAddonDoc, addonId: string, nowMs: number) {
    this.s.insertSad.run(this.nextSeq('gigs_subscription_addons', nowMs), doc.id, doc.subscription, doc.user, addonId, JSON.stringify(doc));
  }

  session(id: string): StoredSession | undefined {
    const row = this.s.sessionById.get(id) as { doc: string; tokenHash: string; expiresAt: number; userDetails: string | null } | undefined;
    return (
      row && { doc: JSON.parse(row.doc), tokenHash: row.tokenHash, expiresAt: row.expiresAt, userDetails: row.userDetails ? JSON.parse(row.userDetails) : null }
    );
  }

  insertSession(s: StoredSession, nowMs: number) {
    this.s.insertSession.run(
      this.nextSeq('gigs_connect_sessions', nowMs),
      s.doc.id,
      s.tokenHash,
      s.expiresAt,
      s.doc.status,
      s.userDetails ? JSON.stringify(s.userDetails) : null,
      JSON.stringify(s.doc),
    );
  }

  updateSession(doc: ConnectSessionDoc) {
    this.s.updateSession.run(doc.status, JSON.stringify(doc), doc.id);
  }

  /** The first successful answer stored under this key, if still within its 24 h. */
  idempotentAnswer(key: string, nowMs: number): { status: number; body: string } | undefined {
    return this.s.idempotencyGet.get(key, nowMs - IDEMPOTENCY_WINDOW_MS) as { status: number; body: string } | undefined;
  }

  rememberAnswer(key: string, nowMs: number, status: number, body: string) {
    this.s.idempotencyPrune.run(nowMs - IDEMPOTENCY_WINDOW_MS);
    this.s.idempotencyPut.run(key, nowMs, status, body);
  }
}

export const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000;

function parse<T>(row: unknown): T | undefined {
  return row ? (JSON.parse((row as { doc: string }).doc) as T) : undefined;
}
