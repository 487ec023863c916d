import { randomInt } from 'node:crypto';
import type { ConnectSessionDoc, PlanDoc, SubscriptionAddonDoc, SubscriptionDoc, UserAddressDoc, UserDoc } from '../docs.ts';
import type { GigsCtx } from '../context.ts';
import { isVoicePlan } from '../catalog.ts';
import { addMonths, DAY_MS, iso, newId } from '../ids.ts';
import { currentPeriod, periodEnd, simDoc } from '../lifecycle.ts';
import type { StoredSession } from '../store.ts';
import { availableAddonFor, availablePlan, ownedSubscription, type IntentType } from './intents.ts';
import { GigsApiError } from '../errors.ts';
import { Embedder } from '../present.ts';
import type { EventDraft } from '../webhooks/events.ts';

/** What the customer chose or typed on the hosted page. */
export type PageChoices = {
  plan?: string;
  userReason?: string;
  fullName?: string;
  address?: { line1?: string; line2?: string; postalCode?: string; city?: string; state?: string; country?: string };
};

/** What the hosted page accepts for a name and an address line (the emulator's own limits). */
const MAX_TEXT = 120;
const text = (v: string | undefined) => v?.trim().slice(0, MAX_TEXT) ?? '';

export const USER_REASONS = ['noDetails', 'tooExpensive', 'unused', 'connectivityIssues', 'customerService', 'other'] as const;

/** A rule that stops completion; shown to the customer as a 409 page, session left pending. */
export class CannotComplete extends Error {}

/**
 * Applies a completed session's intent to the emulator's data, as Connect would once the
 * customer confirms. Runs inside one transaction with the session's own update; the kinds of
 * mutation go into `applied`, counted by the caller only once the transaction commits, and the
 * events Gigs would send for them into `events`, delivered by the caller after the commit.
 */
export function applyIntent(ctx: GigsCtx, session: StoredSession, choices: PageChoices, applied: string[], events: EventDraft[]): UserDoc {
  const now = ctx.clock().getTime();
  const user = resolveUser(ctx, session, now, applied, events);
  /** The subscription as the API shows it now (plan and user embedded). */
  const shown = (id: string) => new Embedder(ctx.store).subscription(ctx.store.subscription(id)!);
  const intent = session.doc.intent;
  const type = intent.type as IntentType;
  const payload = (intent[type] ?? {}) as { plan?: string; addons?: string[]; subscription?: string };
  const rethrow = <T>(f: () => T): T => {
    try {
      return f();
    } catch (err) {
      if (err instanceof GigsApiError) throw new CannotComplete(err.message);
      throw err;
    }
  };

  switch (type) {
    case 'checkoutNewSubscription': {
      const plan = rethrow(() => availablePlan(ctx.store, payload.plan!));
      const addons = rethrow(() => (payload.addons ?? []).map((a) => availableAddonFor(ctx.store, a, plan)));
      const sub = newSubscription(plan, now);
      ctx.store.insertSubscription({ doc: sub, userId: user.id, planId: plan.id }, now);
      applied.push('subscription.create');
      // The sandbox activates at once: both events carry the subscription as it is now.
      events.push({ type: 'subscription.created', data: shown(sub.id) }, { type: 'subscription.activated', data: shown(sub.id) });
      for (const addon of addons) addSubscriptionAddon(ctx, sub.id, user.id, addon.id, addon.validity, now, applied, events);
      break;
    }
    case 'changeSubscription': {
      const row = rethrow(() => ownedSubscription(ctx.store, payload.subscription!, user));
      if (row.doc.status === 'ended') throw new CannotComplete('This subscription has ended; its plan can no longer be changed.');
      if (!choices.plan) throw new CannotComplete('Choose the new plan.');
      const plan = rethrow(() => availablePlan(ctx.store, choices.plan!));
      const current = ctx.store.plan(row.planId)!;
      if (plan.id === current.id) throw new CannotComplete('That is already the plan of this subscription.');
      if (plan.provider !== current.provider) throw new CannotComplete('The new plan must be on the same network as the current one.');
      // Real Gigs may schedule the change for the next period; the sandbox applies it at once.
      const doc = { ...row.doc, phoneNumber: isVoicePlan(plan) ? (row.doc.phoneNumber ?? newPhoneNumber(plan)) : null };
      if (doc.status === 'active' && doc.activatedAt) doc.currentPeriod = currentPeriod(plan, Date.parse(doc.activatedAt), now);
      const before = shown(row.doc.id);
      ctx.store.updateSubscription({ doc, userId: row.userId, planId: plan.id });
      applied.push('subscription.changePlan');
      events.push({ type: 'subscription.updated', data: shown(row.doc.id), previousData: before });
      break;
    }
    case 'cancelSubscription': {
      const row = rethrow(() => ownedSubscription(ctx.store, payload.subscription!, user));
      if (row.doc.status === 'ended') throw new CannotComplete('This subscription has already ended.');
      if (row.doc.canceledAt) throw new CannotComplete('This subscription is already canceled.');
      const running = row.doc.status === 'active';
      const endedAt = running ? (row.doc.currentPeriod?.end ?? iso(now)) : iso(now);
      const doc: SubscriptionDoc = {
        ...row.doc,
        status: running ? 'active' : 'ended',
        canceledAt: iso(now),
        endedAt,
        currentPeriod: running ? row.doc.currentPeriod : null,
        cancellationDetails: {
          cause: 'cancellationRequested',
          userReason: (USER_REASONS as readonly string[]).includes(choices.userReason ?? '') ? choices.userReason! : 'noDetails',
          userComment: null,
        },
      };
      ctx.store.updateSubscription({ ...row, doc });
      applied.push('subscription.cancel');
      events.push({ type: 'subscription.canceled', data: shown(row.doc.id) });
      if (doc.status === 'ended') events.push({ type: 'subscription.ended', data: shown(row.doc.id) });
      break;
    }
    case 'resumeSubscription': {
      const row = rethrow(() => ownedSubscription(ctx.store, payload.subscription!, user));
      if (row.doc.status !== 'active' || !row.doc.canceledAt) throw new CannotComplete('Only a canceled subscription that is still running can be resumed.');
      ctx.store.updateSubscription({ ...row, doc: { ...row.doc, canceledAt: null, endedAt: null, cancellationDetails: null } });
      applied.push('subscription.resume');
      events.push({ type: 'subscription.resumed', data: shown(row.doc.id) });
      break;
    }
    case 'checkoutAddon': {
      const row = rethrow(() => ownedSubscription(ctx.store, payload.subscription!, user));
      if (row.doc.status === 'ended') throw new CannotComplete('This subscription has ended; add-ons cannot be bought for it.');
      const plan = ctx.store.plan(row.planId)!;
      const addons = rethrow(() => payload.addons!.map((a) => availableAddonFor(ctx.store, a, plan)));
      for (const addon of addons) addSubscriptionAddon(ctx, row.doc.id, user.id, addon.id, addon.validity, now, applied, events);
      break;
    }
    case 'completePorting': {
      const row = rethrow(() => ownedSubscription(ctx.store, payload.subscription!, user));
      const porting = row.doc.porting;
      if (!porting || porting.status === 'completed' || porting.status === 'canceled')
        throw new CannotComplete('This subscription has no porting to complete.');
      const doc: SubscriptionDoc = { ...row.doc, porting: { ...porting, status: 'completed', completedAt: iso(now) }, phoneNumber: porting.phoneNumber };
      const activating = doc.status === 'pending' || doc.status === 'initiated';
      if (activating) activate(doc, ctx.store.plan(row.planId)!, now);
      ctx.store.updateSubscription({ ...row, doc });
      applied.push('porting.complete');
      events.push({ type: 'subscription.updated', data: shown(row.doc.id) });
      if (activating) events.push({ type: 'subscription.activated', data: shown(row.doc.id) });
      break;
    }
    case 'updateUserFullName': {
      const fullName = text(choices.fullName);
      if (!fullName) throw new CannotComplete('Enter your full name.');
      const updated: UserDoc = { ...user, fullName };
      ctx.store.updateUser(updated);
      applied.push('user.updateFullName');
      return updated;
    }
    case 'updateUserAddress': {
      const a = choices.address ?? {};
      const [line1, city, country] = [text(a.line1), text(a.city), text(a.country).toUpperCase()];
      if (!line1 || !city) throw new CannotComplete('Enter the street address and the city.');
      if (!/^[A-Z]{2}$/.test(country)) throw new CannotComplete('Enter the country as its two-letter code, such as SE.');
      const doc: UserAddressDoc = {
        object: 'userAddress',
        id: newId('adr'),
        city,
        country,
        createdAt: iso(now),
        line1,
        line2: text(a.line2) || null,
        postalCode: text(a.postalCode) || null,
        state: text(a.state) || null,
        user: user.id,
      };
      ctx.store.insertAddress(doc, now);
      applied.push('user.address.create');
      break;
    }
    default:
      // view*, updatePaymentMethod: the customer looked or typed their card into Connect; nothing here changes.
      break;
  }
  return user;
}

function resolveUser(ctx: GigsCtx, session: StoredSession, now: number, applied: string[], events: EventDraft[]): UserDoc {
  if (session.doc.user) {
    const user = ctx.store.user(session.doc.user);
    if (!user) throw new CannotComplete('The user of this session no longer exists.');
    return user;
  }
  const details = session.userDetails!;
  const existing = ctx.store.usersByEmail(details.email)[0];
  if (existing) return existing;
  // Connect's own login verifies the address before the customer gets here.
  const user: UserDoc = {
    object: 'user',
    id: newId('usr'),
    metadata: {},
    birthday: details.birthday ?? null,
    createdAt: iso(now),
    email: details.email.trim().toLowerCase(),
    emailVerified: true,
    fullName: details.fullName ?? null,
    preferredLocale: details.preferredLocale ?? 'en-US',
    status: 'active',
  };
  ctx.store.insertUser(user, now);
  applied.push('user.create');
  events.push({ type: 'user.created', data: user });
  return user;
}

function activate(doc: SubscriptionDoc, plan: PlanDoc, now: number) {
  doc.status = 'active';
  doc.activatedAt = iso(now);
  doc.currentPeriod = currentPeriod(plan, now, now);
  doc.earliestEndAt = iso(periodEnd(plan, now));
  if (doc.sim) doc.sim = { ...doc.sim, status: 'active' };
}

function newSubscription(plan: PlanDoc, now: number): SubscriptionDoc {
  const doc: SubscriptionDoc = {
    object: 'subscription',
    id: newId('sub'),
    metadata: {},
    status: 'pending',
    phoneNumber: isVoicePlan(plan) ? newPhoneNumber(plan) : null,
    sim: simDoc(
      newId('sim'),
      plan.provider,
      `8988307${String(randomInt(0, 1e12)).padStart(12, '0')}`,
      plan.simTypes.includes('eSIM') ? 'eSIM' : 'pSIM',
      'inactive',
      iso(now),
    ),
    currentPeriod: null,
    activatedAt: null,
    billing: null,
    canceledAt: null,
    cancellationDetails: null,
    createdAt: iso(now),
    earliestEndAt: null,
    endedAt: null,
    firstUsageAt: null,
    porting: null,
  };
  activate(doc, plan, now);
  return doc;
}

/** A number in the plan's first coverage country, in a range the seeded people never use. */
function newPhoneNumber(plan: PlanDoc): string {
  const country = plan.coverage.countries[0];
  const digits = (n: number) => String(randomInt(0, 10 ** n)).padStart(n, '0');
  return country === 'US' ? `+1957${digits(7)}` : `+46769${digits(6)}`;
}

function addSubscriptionAddon(
  ctx: GigsCtx,
  subscriptionId: string,
  userId: string,
  addonId: string,
  validity: { unit: 'day' | 'month'; value: number } | null,
  now: number,
  applied: string[],
  events: EventDraft[],
) {
  const end = validity ? (validity.unit === 'month' ? addMonths(now, validity.value) : now + validity.value * DAY_MS) : null;
  const doc: SubscriptionAddonDoc = {
    object: 'subscriptionAddon',
    id: newId('sad'),
    subscription: subscriptionId,
    user: userId,
    status: 'active',
    currentPeriod: end ? { number: 1, start: iso(now), end: iso(end) } : null,
    activatedAt: iso(now),
    canceledAt: null,
    createdAt: iso(now),
    endedAt: null,
  };
  ctx.store.insertSubscriptionAddon(doc, addonId, now);
  applied.push('subscriptionAddon.create');
  events.push({ type: 'subscriptionAddon.created', data: new Embedder(ctx.store).subscriptionAddon(doc, addonId) });
}

/** Not used yet: the customer may still complete or abandon it. */
export const isOpen = (doc: ConnectSessionDoc) => doc.status === 'pending' || doc.status === 'opened';

/** The session as the API shows it: open sessions past their lifetime read as expired. */
export function sessionView(doc: ConnectSessionDoc, expiresAtMs: number, nowMs: number): ConnectSessionDoc {
  return isOpen(doc) && nowMs > expiresAtMs ? { ...doc, status: 'expired' } : doc;
}
