import { z } from 'zod';

/**
 * What subdesk reads from Gigs, parsed tolerantly: every object is loose (fields Gigs adds later
 * pass through untouched) and every enum is a plain string (a value Gigs adds later is shown
 * as-is, never a crash). The KNOWN_* lists say which values the docs name (docs/upstreams.md, "Objects subdesk reads");
 * use them for labels and filters, never to reject an answer.
 */
export const KNOWN_USER_STATUSES = ['active', 'blocked', 'deleted'] as const;
/** `initiated` only with the Billing API; HELP (2026) adds `restricted`. */
export const KNOWN_SUBSCRIPTION_STATUSES = ['pending', 'initiated', 'active', 'ended'] as const;
export const KNOWN_PLAN_STATUSES = ['available', 'archived', 'pending', 'draft'] as const;
export const KNOWN_ADDON_STATUSES = ['draft', 'available', 'archived'] as const;
export const KNOWN_ADDON_TYPES = ['topUp', 'other'] as const;
export const KNOWN_SIM_STATUSES = ['active', 'inactive', 'deleted', 'retired'] as const;
export const KNOWN_SIM_TYPES = ['eSIM', 'pSIM'] as const;
export const KNOWN_CANCELLATION_CAUSES = [
  'cancellationRequested',
  'deviceBlocked',
  'invoiceUnpaid',
  'paymentDisputed',
  'paymentFailed',
  'phoneNumberPortedOut',
  'portingExpired',
  'subscriptionEnded',
  'userDeleted',
] as const;
export const KNOWN_CANCELLATION_REASONS = ['connectivityIssues', 'customerService', 'noDetails', 'other', 'tooExpensive', 'unused'] as const;
export const KNOWN_INTENT_TYPES = [
  'checkoutNewSubscription',
  'checkoutAddon',
  'changeSubscription',
  'cancelSubscription',
  'resumeSubscription',
  'viewSubscription',
  'viewEsimInstallation',
  'completePorting',
  'confirmPayment',
  'updatePaymentMethod',
  'updateUserAddress',
  'updateUserFullName',
  'viewSubscriptions',
] as const;
/**
 * NOT in Gigs' docs: the embedded sandbox adds `status` to Connect Sessions with these values.
 * Real Gigs may send nothing (the field is optional) or something else (shown as-is).
 */
export const KNOWN_CONNECT_SESSION_STATUSES = ['pending', 'opened', 'completed', 'abandoned', 'expired'] as const;

const metadata = z.record(z.string(), z.unknown()).nullish();
const timestamp = z.string();
const price = z.looseObject({ amount: z.number(), currency: z.string() });
const allowances = z.looseObject({ dataBytes: z.number().nullish(), voiceSeconds: z.number().nullish(), smsMessages: z.number().nullish() });
const period = z.looseObject({ number: z.number(), start: timestamp, end: timestamp });
const coverage = z.looseObject({
  object: z.string().optional(),
  id: z.string().optional(),
  name: z.string().nullish(),
  countries: z.array(z.string()).default([]),
});

export const gigsUserSchema = z.looseObject({
  object: z.literal('user').optional(),
  id: z.string(),
  metadata,
  birthday: z.string().nullish(),
  createdAt: timestamp.nullish(),
  email: z.string(),
  emailVerified: z.boolean().nullish(),
  fullName: z.string().nullish(),
  preferredLocale: z.string().nullish(),
  /** KNOWN_USER_STATUSES; absent in older API versions. */
  status: z.string().nullish(),
});

export const gigsPlanSchema = z.looseObject({
  object: z.literal('plan').optional(),
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  image: z.string().nullish(),
  metadata,
  coverage: coverage.nullish(),
  /** Each allowance null = unlimited. */
  allowances: allowances.nullish(),
  limits: z.looseObject({}).nullish(),
  /** Minor units (Gigs' example app divides by 100). */
  price: price.nullish(),
  provider: z.string().nullish(),
  requirements: z.record(z.string(), z.string()).nullish(),
  simTypes: z.array(z.string()).nullish(),
  /** KNOWN_PLAN_STATUSES */
  status: z.string(),
  /** unit: day|month; type: oneTime|recurring. */
  validity: z
    .looseObject({ value: z.number().nullish(), unit: z.string().nullish(), type: z.string().nullish(), minimumPeriods: z.number().nullish() })
    .nullish(),
  createdAt: timestamp.nullish(),
});

export const gigsSimSchema = z.looseObject({
  object: z.literal('sim').optional(),
  id: z.string(),
  /** KNOWN_SIM_TYPES */
  type: z.string().nullish(),
  iccid: z.string().nullish(),
  provider: z.string().nullish(),
  /** KNOWN_SIM_STATUSES */
  status: z.string().nullish(),
  createdAt: timestamp.nullish(),
});

const porting = z.looseObject({ id: z.string().optional(), status: z.string().nullish(), phoneNumber: z.string().nullish() });

export const gigsSubscriptionSchema = z.looseObject({
  object: z.literal('subscription').optional(),
  id: z.string(),
  metadata,
  /** KNOWN_SUBSCRIPTION_STATUSES */
  status: z.string(),
  /** E.164, voice plans only. */
  phoneNumber: z.string().nullish(),
  plan: gigsPlanSchema.nullish(),
  sim: gigsSimSchema.nullish(),
  user: gigsUserSchema.nullish(),
  currentPeriod: period.nullish(),
  activatedAt: timestamp.nullish(),
  billing: z.unknown().optional(),
  canceledAt: timestamp.nullish(),
  /** cause: KNOWN_CANCELLATION_CAUSES; userReason: KNOWN_CANCELLATION_REASONS. */
  cancellationDetails: z.looseObject({ cause: z.string().nullish(), userReason: z.string().nullish(), userComment: z.string().nullish() }).nullish(),
  createdAt: timestamp.nullish(),
  earliestEndAt: timestamp.nullish(),
  /** Future when canceled but still running, past when ended, null while active. */
  endedAt: timestamp.nullish(),
  firstUsageAt: timestamp.nullish(),
  /** Older docs and EX call it `porting`, current docs `lastPorting`: read either. */
  porting: porting.nullish(),
  lastPorting: porting.nullish(),
});

export const gigsAddonSchema = z.looseObject({
  object: z.literal('addon').optional(),
  id: z.string(),
  metadata,
  /** creation | networkLatch | usageStarted */
  activationTrigger: z.string().nullish(),
  name: z.string(),
  description: z.string().nullish(),
  /** KNOWN_ADDON_TYPES */
  type: z.string().nullish(),
  /** KNOWN_ADDON_STATUSES */
  status: z.string(),
  /** oneTime | recurring */
  recurrenceType: z.string().nullish(),
  allowances: allowances.nullish(),
  /** null: the plan's coverage applies. */
  coverage: coverage.nullish(),
  plans: z.array(z.string()).default([]),
  price: price.nullish(),
  provider: z.string().nullish(),
  validity: z.looseObject({ unit: z.string().nullish(), value: z.number().nullish() }).nullish(),
  createdAt: timestamp.nullish(),
});

export const gigsSubscriptionAddonSchema = z.looseObject({
  object: z.literal('subscriptionAddon').optional(),
  id: z.string(),
  addon: gigsAddonSchema.nullish(),
  /** Ids only (documented; docs/upstreams.md). */
  subscription: z.string().nullish(),
  user: z.string().nullish(),
  /** KNOWN_SUBSCRIPTION_STATUSES */
  status: z.string(),
  currentPeriod: period.nullish(),
  activatedAt: timestamp.nullish(),
  canceledAt: timestamp.nullish(),
  createdAt: timestamp.nullish(),
  endedAt: timestamp.nullish(),
});

/** `{type, <type>: payload}`; `type` is one of KNOWN_INTENT_TYPES or one we do not know yet. */
export const gigsIntentSchema = z.looseObject({ type: z.string() });

/** DOCS core/user-addresses: `line2`, `postalCode` and `state` may be null. */
export const gigsUserAddressSchema = z.looseObject({
  object: z.literal('userAddress').optional(),
  id: z.string(),
  line1: z.string().nullish(),
  line2: z.string().nullish(),
  postalCode: z.string().nullish(),
  city: z.string().nullish(),
  state: z.string().nullish(),
  country: z.string().nullish(),
  user: z.string().nullish(),
  createdAt: timestamp.nullish(),
});

export const gigsConnectSessionSchema = z.looseObject({
  object: z.literal('connectSession').optional(),
  id: z.string(),
  appearance: z.looseObject({ theme: z.string().nullish() }).nullish(),
  callbackUrl: z.string().nullish(),
  intent: gigsIntentSchema,
  /** A bearer link, only on create: show once, never store or log. */
  url: z.string().nullish(),
  user: z.string().nullish(),
  /** Sandbox-only (KNOWN_CONNECT_SESSION_STATUSES); not in Gigs' docs. */
  status: z.string().nullish(),
});

export function gigsListSchema<T extends z.ZodType>(item: T) {
  return z.looseObject({
    object: z.literal('list').optional(),
    items: z.array(item),
    moreItemsAfter: z.string().nullish(),
    moreItemsBefore: z.string().nullish(),
  });
}

export type GigsUser = z.infer<typeof gigsUserSchema>;
export type GigsPlan = z.infer<typeof gigsPlanSchema>;
export type GigsSim = z.infer<typeof gigsSimSchema>;
export type GigsSubscription = z.infer<typeof gigsSubscriptionSchema>;
export type GigsAddon = z.infer<typeof gigsAddonSchema>;
export type GigsSubscriptionAddon = z.infer<typeof gigsSubscriptionAddonSchema>;
export type GigsIntent = z.infer<typeof gigsIntentSchema>;
export type GigsConnectSession = z.infer<typeof gigsConnectSessionSchema>;
export type GigsUserAddress = z.infer<typeof gigsUserAddressSchema>;

/** One page of a Gigs list, cursors normalised to null. */
export type GigsPage<T> = { items: T[]; moreItemsAfter: string | null; moreItemsBefore: string | null };

/** The body of POST /connectSessions: `user` (existing id) or `userDetails`, not both. */
export type GigsConnectSessionCreate = {
  intent: GigsIntent;
  callbackUrl?: string | null;
  appearance?: { theme: 'light' | 'dark' };
} & (
  | { user: string; userDetails?: never }
  | { user?: never; userDetails: { email: string; fullName?: string | null; preferredLocale?: string; birthday?: string | null } }
);
