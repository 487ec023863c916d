import type { Deps } from '../deps.ts';
import { emailKey } from '../customers/normalise.ts';
import { applyGigs, subscriptionFacts, subscriptionPart, userPart, gigsFactsOf, type StagedPart } from '../customers/index/facts.ts';
import type { FactsUpdate, IndexUpdates } from '../customers/index/writer/types.ts';
import type { GigsFacts } from '../customers/types.ts';
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
import type { FeedInboxStore, PendingDelivery } from './store/types.ts';
import type { FeedHandler, IndexWrite, Planned, Result, Step } from './applier.ts';

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
 * and that live state is written. `decide` reads the index and hands back the write it decided
 * on, made only if the row is still as it was read (IndexWriter.write's `unchangedSince`); when
 * it was written meanwhile, the user is read from Gigs, as for any doubt.
 */
export class GigsEventApplier implements FeedHandler {
  constructor(
    private readonly deps: Deps,
    private readonly inbox: FeedInboxStore,
  ) {}

  private get writer() {
    return this.deps.customers.writer;
  }

  async decide(d: PendingDelivery): Promise<Step> {
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

  /** Several deliveries' writes in one transaction: they name different people (the applier's claims). */
  async writeTogether(writes: IndexWrite[]): Promise<boolean> {
    const gigs = new Map<string, FactsUpdate<'gigs'>>();
    const unchangedSince = new Map<string, string | null>();
    for (const w of writes) {
      for (const [key, update] of w.updates.gigs ?? []) gigs.set(key, update);
      for (const [key, seen] of w.unchangedSince) unchangedSince.set(key, seen);
    }
    return (await this.writer.write({ gigs }, unchangedSince)) !== null;
  }

  private async user(d: PendingDelivery, data: unknown, deleted: boolean): Promise<Step> {
    const user = gigsUserSchema.safeParse(data);
    if (!user.success) return done('refused');
    const u = user.data;
    if (deleted || u.status === 'deleted') return this.forgetUser(u.id, d.eventTime);
    const key = emailKey(u.email);
    const look = await this.look(d, u.id, key);
    if ('doubt' in look) return this.readUser(u.id, look.doubt);
    return this.planned(d, u.id, key, look.unchangedSince, (cur) => applyGigs(cur, userPart(u) as GigsPartOf<'gu'>));
  }

  private async subscription(d: PendingDelivery, data: unknown): Promise<Step> {
    const parsed = gigsSubscriptionSchema.safeParse(data);
    if (!parsed.success) return done('refused');
    const sub = parsed.data;
    const user = sub.user;
    if (!user) return done('refused');
    if (user.status === 'deleted') return this.readUser(user.id, 'its user is deleted');
    const key = emailKey(user.email);
    const look = await this.look(d, user.id, key);
    if ('doubt' in look) return this.readUser(user.id, look.doubt);
    // The user's own fields (name, e-mail) belong to the user's events: a subscription event
    // carries the user as it was then, which may be older than what the index has.
    return this.planned(d, user.id, key, look.unchangedSince, (cur) =>
      cur ? { ...cur, subs: { ...cur.subs, [sub.id]: subscriptionFacts(sub) } } : applyGigs(undefined, subscriptionPart(sub) as GigsPartOf<'gs'>),
    );
  }

  /** The index keeps no add-ons: nothing to write, unless Gigs knows someone the index does not. */
  private async subscriptionAddon(data: unknown): Promise<Step> {
    const parsed = gigsSubscriptionAddonSchema.safeParse(data);
    if (!parsed.success || !parsed.data.user) return done('refused');
    const userId = parsed.data.user;
    if ((await this.writer.gigsRowsOf(userId, null)).some((r) => r.gigs?.u === userId)) return done('ignored');
    return this.readUser(userId, 'the index does not know this user yet');
  }

  /** Gigs' signed word on a Connect Session settles our pending link, as the settling job would. */
  private connectSession(data: unknown): Step {
    const parsed = gigsConnectSessionSchema.safeParse(data);
    if (!parsed.success) return done('refused');
    const session = parsed.data;
    return {
      later: async () => {
        const row = await this.deps.connectSessions.get(session.id);
        if (row?.outcome !== 'pending') return { outcome: 'ignored', asOf: null };
        const outcome = await settleFromGigs(this.deps, row, session, null, { requestId: newRequestId(), actor: { type: 'system' } }, SETTLE_ACTION);
        return { outcome: outcome ? 'applied' : 'ignored', asOf: null };
      },
    };
  }

  /**
   * Why this event cannot simply be written (a doubt), or the row it would be written to as read
   * now (its `updatedAt`, null: no row yet). Compared: the last version applied for the object,
   * and when the person's row was last written. A tie is a doubt: Gigs' times may be whole
   * seconds, and two changes in one second cannot be told apart by time.
   */
  private async look(d: PendingDelivery, userId: string, key: string): Promise<{ doubt: string } | { unchangedSince: Map<string, string | null> }> {
    const t = d.eventTime;
    if (!t) return { doubt: 'the event has no time' };
    if (Date.parse(t) < this.deps.clock().getTime() - TRUST_EVENTS_FOR_MS) return { doubt: 'the event is older than what the inbox remembers' };
    const version = d.objectId ? await this.inbox.versionOf('gigs', d.objectId) : null;
    if (version !== null && version >= t) return { doubt: version > t ? 'stale' : 'another change at the same time' };
    const rows = await this.writer.gigsRowsOf(userId, key);
    const byUser = rows.find((r) => r.gigs?.u === userId);
    if (byUser && byUser.key !== key) return { doubt: "the user's e-mail changed" };
    const target = rows.find((r) => r.key === key);
    if (target?.gigs?.u && target.gigs.u !== userId) return { doubt: 'another Gigs user had this e-mail' };
    if (target && target.updatedAt >= t) return { doubt: 'the row was written after the event' };
    return { unchangedSince: new Map([[key, target?.updatedAt ?? null]]) };
  }

  /** The event's change to the person's row, written if the row is still as `look` read it. */
  private planned(
    d: PendingDelivery,
    userId: string,
    key: string,
    unchangedSince: Map<string, string | null>,
    update: (cur: GigsFacts | undefined) => GigsFacts,
  ): Planned {
    return {
      outcome: 'applied',
      asOf: d.eventTime,
      write: { updates: { gigs: new Map([[key, update]]) }, unchangedSince },
      claims: [`user:${userId}`, `key:${key}`],
      otherwise: () => this.readLive(userId),
    };
  }

  /** A stale event is a no-op; any other doubt reads the user from Gigs. */
  private readUser(userId: string, doubt: string): Step {
    if (doubt === 'stale') return done('stale');
    return { later: () => this.readLive(userId) };
  }

  /** Writes what Gigs has for the user now: their whole state under their e-mail, or nothing when Gigs no longer knows them. */
  private async readLive(userId: string): Promise<Result> {
    const asOf = this.deps.clock().toISOString();
    const live = await readGigsUser(this.deps, userId);
    const rows = await this.writer.gigsRowsOf(userId, null);
    const key = live ? emailKey(live.user.email) : null;
    const gigs = this.forgetting(rows.filter((r) => r.key !== key && r.gigs?.u === userId).map((r) => r.key));
    if (live) {
      const facts = gigsFactsOf(live.user, live.subscriptions)!;
      gigs.set(key!, () => facts);
    }
    await this.writeUnguarded({ gigs });
    return { outcome: 'applied', asOf };
  }

  /**
   * Gigs no longer knows the user: the person's Gigs facts go, as a full crawl would forget them.
   * Deleting is the last word on a user, so there is no doubt to weigh, only rows to find.
   */
  private async forgetUser(userId: string, eventTime: string | null): Promise<Step> {
    const rows = (await this.writer.gigsRowsOf(userId, null)).filter((r) => r.gigs?.u === userId);
    const gigs = this.forgetting(rows.map((r) => r.key));
    return {
      outcome: 'applied',
      asOf: eventTime,
      write: { updates: { gigs }, unchangedSince: new Map(rows.map((r) => [r.key, r.updatedAt])) },
      claims: [`user:${userId}`, ...rows.map((r) => `key:${r.key}`)],
      // Its rows were written meanwhile (the user came back under them?): Gigs decides.
      otherwise: () => this.readLive(userId),
    };
  }

  private forgetting(keys: string[]): Map<string, FactsUpdate<'gigs'>> {
    return new Map(keys.map((key) => [key, () => null]));
  }

  private async writeUnguarded(updates: IndexUpdates) {
    if (updates.gigs?.size) await this.writer.write(updates);
  }
}

const done = (outcome: Result['outcome'], asOf: string | null = null): Result => ({ outcome, asOf });

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
