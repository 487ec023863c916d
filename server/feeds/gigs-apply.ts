import type { Deps } from '../deps.ts';
import { emailKey } from '../customers/normalise.ts';
import { applyGigs, subscriptionFacts, subscriptionPart, userPart, gigsFactsOf, type StagedPart } from '../customers/index/facts.ts';
import type { GigsFacts } from '../customers/types.ts';
import { SqliteIndexWriter } from '../customers/index/writer/sqlite.ts';
import { newRequestId } from '../audit/log.ts';
import { settleFromGigs } from '../gigs/callback.ts';
import { SETTLE_ACTION } from '../gigs/settle-pending.ts';
import { UpstreamError } from '../upstream/errors.ts';
import {
  gigsConnectSessionSchema,
  gigsSubscriptionAddonSchema,
  gigsSubscriptionSchema,
  gigsUserSchema,
  type GigsSubscription,
  type GigsUser,
} from '../upstream/gigs-schemas.ts';
import { gigsEventSchema } from './gigs-event.ts';
import type { SqliteFeedInbox } from './store/sqlite.ts';
import type { PendingDelivery } from './store/types.ts';
import type { Result, Step } from './applier.ts';

/**
 * Past this age an event is not compared with what the inbox remembers (applied deliveries are
 * pruned after it, FEED_RETENTION_MS in applier.ts): the object is read from Gigs instead.
 */
const TRUST_EVENTS_FOR_MS = 6 * 86_400_000;

type GigsPartOf<T extends 'gu' | 'gs'> = Extract<StagedPart, { t: T }>;

/**
 * Applies one Gigs event (docs/upstreams.md, Gigs webhooks) to the customer index, or settles a
 * Connect link. Deliveries come in any order and more than once, so an event is written only when
 * it is certainly the newest thing known about its object: its time is after the last applied
 * version of the object, and the person's row was not written since by anything else (a refresh,
 * a crawl, another event about them). Otherwise ("in doubt") the user is read from Gigs itself
 * and that live state is written. `decide` is synchronous and writes inside the applier's
 * transaction; what needs Gigs is handed back as a `later` step.
 */
export class GigsEventApplier {
  constructor(
    private readonly deps: Deps,
    private readonly inbox: SqliteFeedInbox,
  ) {}

  /** The SQLite index: decide writes inside the applier's synchronous transaction (server/feeds/index.ts makes no applier on PostgreSQL yet). */
  private get store() {
    const writer = this.deps.customers.writer;
    if (!(writer instanceof SqliteIndexWriter)) throw new Error('the Gigs webhook applier runs on SQLite only for now');
    return writer.store;
  }

  decide(d: PendingDelivery): Step {
    const parsed = d.eventType === 'unreadable' ? null : gigsEventSchema.safeParse(JSON.parse(d.body));
    if (!parsed?.success) return done('refused');
    const event = parsed.data;
    const [, , resource, action] = event.type.split('.');
    if (!event.type.startsWith('com.gigs.')) return done('ignored');
    switch (resource) {
      case 'user':
        return this.user(d, event.data, action === 'deleted');
      case 'subscription':
        return this.subscription(d, event.data);
      case 'subscriptionAddon':
        return this.subscriptionAddon(event.data);
      case 'connectSession':
        return action === 'updated' ? this.connectSession(event.data) : done('ignored');
      default:
        // Plans, SIMs, porting, usage: the index keeps nothing of them (a SIM or number change
        // also comes as its subscription's own event).
        return done('ignored');
    }
  }

  private user(d: PendingDelivery, data: unknown, deleted: boolean): Step {
    const user = gigsUserSchema.safeParse(data);
    if (!user.success) return done('refused');
    const u = user.data;
    if (deleted || u.status === 'deleted') {
      this.forgetUser(u.id);
      return done('applied', d.eventTime);
    }
    const key = emailKey(u.email);
    const doubt = this.doubt(d, u.id, key);
    if (doubt) return this.readUser(u.id, doubt);
    this.write(key, (cur) => applyGigs(cur, userPart(u) as GigsPartOf<'gu'>));
    return done('applied', d.eventTime);
  }

  private subscription(d: PendingDelivery, data: unknown): Step {
    const parsed = gigsSubscriptionSchema.safeParse(data);
    if (!parsed.success) return done('refused');
    const sub = parsed.data;
    const user = sub.user;
    if (!user) return done('refused');
    if (user.status === 'deleted') return this.readUser(user.id, 'its user is deleted');
    const key = emailKey(user.email);
    const doubt = this.doubt(d, user.id, key);
    if (doubt) return this.readUser(user.id, doubt);
    // The user's own fields (name, e-mail) belong to the user's events: a subscription event
    // carries the user as it was then, which may be older than what the index has.
    this.write(key, (cur) =>
      cur ? { ...cur, subs: { ...cur.subs, [sub.id]: subscriptionFacts(sub) } } : applyGigs(undefined, subscriptionPart(sub) as GigsPartOf<'gs'>),
    );
    return done('applied', d.eventTime);
  }

  /** The index keeps no add-ons: nothing to write, unless Gigs knows someone the index does not. */
  private subscriptionAddon(data: unknown): Step {
    const parsed = gigsSubscriptionAddonSchema.safeParse(data);
    if (!parsed.success || !parsed.data.user) return done('refused');
    const userId = parsed.data.user;
    if (this.store.gigsRowsOf(userId, null).some((r) => r.gigs?.u === userId)) return done('ignored');
    return this.readUser(userId, 'the index does not know this user yet');
  }

  /** Gigs' signed word on a Connect Session settles our pending link, as the settling job would. */
  private connectSession(data: unknown): Step {
    const parsed = gigsConnectSessionSchema.safeParse(data);
    if (!parsed.success) return done('refused');
    const session = parsed.data;
    // The link is read outside the applier's transaction: the Connect links have a store of their own.
    return {
      later: async () => {
        const row = await this.deps.connectSessions.get(session.id);
        if (row?.outcome !== 'pending') return () => ({ outcome: 'ignored', asOf: null });
        const outcome = await settleFromGigs(this.deps, row, session, null, { requestId: newRequestId(), actor: { type: 'system' } }, SETTLE_ACTION);
        return () => ({ outcome: outcome ? 'applied' : 'ignored', asOf: null });
      },
    };
  }

  /**
   * Why this event cannot simply be written (null: it can). Compared: the last version applied for
   * the object, and when the person's row was last written. A tie is a doubt: Gigs' times may be
   * whole seconds, and two changes in one second cannot be told apart by time.
   */
  private doubt(d: PendingDelivery, userId: string, key: string): string | null {
    const t = d.eventTime;
    if (!t) return 'the event has no time';
    if (Date.parse(t) < this.deps.clock().getTime() - TRUST_EVENTS_FOR_MS) return 'the event is older than what the inbox remembers';
    const version = d.objectId ? this.inbox.versionOf('gigs', d.objectId) : null;
    if (version !== null && version >= t) return version > t ? 'stale' : 'another change at the same time';
    const rows = this.store.gigsRowsOf(userId, key);
    const byUser = rows.find((r) => r.gigs?.u === userId);
    if (byUser && byUser.key !== key) return "the user's e-mail changed";
    const target = rows.find((r) => r.key === key);
    if (target?.gigs?.u && target.gigs.u !== userId) return 'another Gigs user had this e-mail';
    if (target && target.updatedAt >= t) return 'the row was written after the event';
    return null;
  }

  /** A stale event is a no-op; any other doubt reads the user from Gigs. */
  private readUser(userId: string, doubt: string): Step {
    if (doubt === 'stale') return done('stale');
    return {
      later: async () => {
        const asOf = this.deps.clock().toISOString();
        const live = await readGigsUser(this.deps, userId);
        return () => {
          if (!live) this.forgetUser(userId);
          else this.replaceUser(userId, live.user, live.subscriptions);
          return { outcome: 'applied', asOf };
        };
      },
    };
  }

  /** Writes the user's whole Gigs state under their e-mail; rows that had them under another lose them. */
  private replaceUser(userId: string, user: GigsUser, subs: GigsSubscription[]) {
    const key = emailKey(user.email);
    const facts = gigsFactsOf(user, subs)!;
    const elsewhere = this.store
      .gigsRowsOf(userId, null)
      .filter((r) => r.key !== key && r.gigs?.u === userId)
      .map((r) => r.key);
    this.write(key, () => facts);
    this.forgetKeys(elsewhere);
  }

  /** Gigs no longer knows the user: the person's Gigs facts go, as a full crawl would forget them. */
  private forgetUser(userId: string) {
    this.forgetKeys(
      this.store
        .gigsRowsOf(userId, null)
        .filter((r) => r.gigs?.u === userId)
        .map((r) => r.key),
    );
  }

  private forgetKeys(keys: string[]) {
    if (!keys.length) return;
    this.store.forget('gigs', keys);
    for (const key of keys) this.store.buildKey(key);
  }

  private write(key: string, update: (cur: GigsFacts | undefined) => GigsFacts) {
    if (this.store.merge('gigs', new Map([[key, update]]))) this.store.buildKey(key);
  }
}

const done = (outcome: Result['outcome'], asOf: string | null = null): Step => ({ outcome, asOf });

/** The user and every subscription of theirs as Gigs has them now; null when Gigs no longer knows the user. */
async function readGigsUser(deps: Pick<Deps, 'gigs'>, userId: string): Promise<{ user: GigsUser; subscriptions: GigsSubscription[] } | null> {
  let user: GigsUser;
  try {
    user = await deps.gigs.getUser(userId);
  } catch (err) {
    if (err instanceof UpstreamError && err.details.status === 404) return null;
    throw err;
  }
  if (user.status === 'deleted') return null;
  const subscriptions: GigsSubscription[] = [];
  for await (const page of deps.gigs.allSubscriptions({ user: userId })) subscriptions.push(...page);
  return { user, subscriptions };
}
