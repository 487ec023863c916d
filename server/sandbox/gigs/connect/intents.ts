import { z } from 'zod';
import type { AddonDoc, PlanDoc, SubscriptionRow, UserDoc } from '../docs.ts';
import { invalid, unprocessable } from '../errors.ts';
import type { GigsStore, UserDetails } from '../store.ts';
import { parseBody } from '../validation.ts';

const id = z.string().trim().min(1, 'must not be empty');
const subscriptionPayload = z.strictObject({ subscription: id });

/** Payload schema per intent type (the Connect guide's example object and the example app's union; docs/upstreams.md, "Connect Sessions"). */
const PAYLOADS = {
  checkoutNewSubscription: z.strictObject({
    plan: id,
    addons: z.array(id).optional(),
    device: z.unknown().optional(),
    sim: z.unknown().optional(),
    imei: z.string().optional(),
    voucherCode: z.string().optional(),
  }),
  checkoutAddon: z.strictObject({ addons: z.array(id).min(1, 'must name at least one add-on'), subscription: id }),
  changeSubscription: subscriptionPayload,
  cancelSubscription: subscriptionPayload,
  resumeSubscription: subscriptionPayload,
  viewSubscription: subscriptionPayload,
  viewEsimInstallation: subscriptionPayload,
  completePorting: z.strictObject({
    subscription: id,
    behavior: z.strictObject({ hideIntroPage: z.boolean().optional(), hideOutroPage: z.boolean().optional() }).optional(),
  }),
  // No payload at all: `type` only (documented). The last three are in Gigs' example app's union only (docs/upstreams.md).
  updatePaymentMethod: null,
  updateUserAddress: null,
  updateUserFullName: null,
  viewSubscriptions: null,
} as const;

export type IntentType = keyof typeof PAYLOADS;
export const INTENT_TYPES = Object.keys(PAYLOADS) as IntentType[];

export type Intent = { type: IntentType } & Record<string, unknown>;

const userDetailsSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email('must be an e-mail address')),
  fullName: z.string().trim().min(1).nullish(),
  preferredLocale: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be an IETF language tag such as en-US')
    .optional(),
  birthday: z.iso.date('must be a date YYYY-MM-DD').nullish(),
});

const createBody = z.strictObject({
  intent: z.looseObject({ type: z.string({ error: 'is required' }) }),
  user: id.optional(),
  userDetails: userDetailsSchema.optional(),
  // Deep links such as myapp://done are allowed (docs/upstreams.md, "Connect Sessions"), so any absolute URL.
  callbackUrl: z.url('must be an absolute URL').nullish(),
  appearance: z.strictObject({ theme: z.enum(['light', 'dark']) }).optional(),
});

export type CreateSessionInput = {
  intent: Intent;
  user: UserDoc | null;
  userDetails: UserDetails | null;
  callbackUrl: string | null;
  appearance?: { theme: 'light' | 'dark' };
};

/** The shape checks (400 `invalid`) and the checks against existing objects (422 `unprocessable`). */
export function validateCreateSession(store: GigsStore, body: unknown): CreateSessionInput {
  const parsed = parseBody(createBody, body);
  const intent = parseIntent(parsed.intent);
  if ((parsed.user === undefined) === (parsed.userDetails === undefined)) {
    throw invalid("Give exactly one of 'user' (an existing user's id) or 'userDetails' (to find or create the user).");
  }
  let user: UserDoc | null = null;
  if (parsed.user !== undefined) {
    user = store.user(parsed.user) ?? null;
    if (!user) throw unprocessable(`No user with id '${parsed.user}' exists in this project.`, 'userNotFound');
  } else {
    user = store.usersByEmail(parsed.userDetails!.email)[0] ?? null;
  }
  if (user && user.status !== 'active') throw unprocessable(`User '${user.id}' is ${user.status} and cannot start a Connect Session.`, 'userNotActive');
  checkReferences(store, intent, user);
  return { intent, user, userDetails: parsed.userDetails ?? null, callbackUrl: parsed.callbackUrl ?? null, appearance: parsed.appearance };
}

function parseIntent(raw: { type: string } & Record<string, unknown>): Intent {
  const type = raw.type as IntentType;
  if (!INTENT_TYPES.includes(type)) throw invalid(`Field 'intent.type' must be one of ${INTENT_TYPES.join(', ')}; got '${raw.type}'.`);
  const payload = PAYLOADS[type];
  const extra = Object.keys(raw).find((k) => k !== 'type' && (payload === null || k !== type));
  if (extra) throw invalid(`Unknown field 'intent.${extra}'.`, 'unknownField');
  if (payload === null) return { type };
  if (raw[type] === undefined) throw invalid(`Field 'intent.${type}' is required for intent type '${type}'.`);
  const data = parseBody(z.strictObject({ [type]: payload }), { [type]: raw[type] });
  return { type, [type]: (data as Record<string, unknown>)[type] };
}

function checkReferences(store: GigsStore, intent: Intent, user: UserDoc | null) {
  const payload = (intent[intent.type] ?? {}) as { plan?: string; addons?: string[]; subscription?: string };
  if (intent.type === 'checkoutNewSubscription') {
    const plan = availablePlan(store, payload.plan!);
    for (const addonId of payload.addons ?? []) availableAddonFor(store, addonId, plan);
    return;
  }
  if (payload.subscription !== undefined) {
    const sub = ownedSubscription(store, payload.subscription, user);
    if (intent.type === 'checkoutAddon') {
      if (sub.doc.status === 'ended') throw unprocessable(`Subscription '${sub.doc.id}' has ended; add-ons cannot be bought for it.`, 'subscriptionEnded');
      const plan = store.plan(sub.planId)!;
      for (const addonId of payload.addons!) availableAddonFor(store, addonId, plan);
    }
  }
}

export function availablePlan(store: GigsStore, planId: string): PlanDoc {
  const plan = store.plan(planId);
  if (!plan) throw unprocessable(`No plan with id '${planId}' exists in this project.`, 'planNotFound');
  if (plan.status !== 'available') throw unprocessable(`Plan '${plan.name}' (${plan.id}) is ${plan.status} and can no longer be bought.`, 'planNotAvailable');
  return plan;
}

export function availableAddonFor(store: GigsStore, addonId: string, plan: PlanDoc): AddonDoc {
  const addon = store.addon(addonId);
  if (!addon) throw unprocessable(`No add-on with id '${addonId}' exists in this project.`, 'addonNotFound');
  if (addon.status !== 'available' || addon.provider !== plan.provider || !addon.plans.includes(plan.id)) {
    throw unprocessable(`Add-on '${addon.name}' (${addon.id}) is not available for plan '${plan.name}' (${plan.id}).`, 'addonNotAvailable');
  }
  return addon;
}

/** The subscription must exist and belong to the session's user (a new user owns none). */
export function ownedSubscription(store: GigsStore, subscriptionId: string, user: UserDoc | null): SubscriptionRow {
  const sub = store.subscription(subscriptionId);
  if (!sub) throw unprocessable(`No subscription with id '${subscriptionId}' exists in this project.`, 'subscriptionNotFound');
  if (!user || sub.userId !== user.id) throw unprocessable(`Subscription '${subscriptionId}' does not belong to this session's user.`, 'subscriptionNotOwned');
  return sub;
}
