import { z } from 'zod';

/**
 * The intents an agent may prepare for a customer, as `POST /api/connect-sessions` takes them:
 * `{type, ...payload}` with Gigs' own payload field names (docs/upstreams.md, "Connect Sessions"), strict so an
 * unknown field is a 400 naming it. Only the intents subdesk offers; Gigs knows more.
 */
const id = (prefix: string) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^${prefix}_[A-Za-z0-9]{1,60}$`), `must be a Gigs ${prefix}_ id`);
const subscription = id('sub');

export const intentSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('checkoutNewSubscription'), plan: id('pln') }),
  z.strictObject({ type: z.literal('changeSubscription'), subscription }),
  z.strictObject({ type: z.literal('cancelSubscription'), subscription }),
  z.strictObject({ type: z.literal('resumeSubscription'), subscription }),
  z.strictObject({ type: z.literal('viewSubscription'), subscription }),
  z.strictObject({ type: z.literal('completePorting'), subscription }),
  // One add-on per link: the dialog offers one choice, and the customer confirms exactly that.
  z.strictObject({ type: z.literal('checkoutAddon'), subscription, addons: z.array(id('add')).length(1, 'must name exactly one add-on') }),
  z.strictObject({ type: z.literal('viewEsimInstallation'), subscription }),
  // `type` only, like updatePaymentMethod: Gigs' reference names no payload for these (docs/upstreams.md).
  z.strictObject({ type: z.literal('updatePaymentMethod') }),
  z.strictObject({ type: z.literal('updateUserAddress') }),
  z.strictObject({ type: z.literal('updateUserFullName') }),
  z.strictObject({ type: z.literal('viewSubscriptions') }),
]);

export type AgentIntent = z.infer<typeof intentSchema>;
export type IntentType = AgentIntent['type'];

export const INTENT_TYPES: readonly IntentType[] = [
  'checkoutNewSubscription',
  'changeSubscription',
  'cancelSubscription',
  'resumeSubscription',
  'viewSubscription',
  'completePorting',
  'checkoutAddon',
  'viewEsimInstallation',
  'updatePaymentMethod',
  'updateUserAddress',
  'updateUserFullName',
  'viewSubscriptions',
];

/** Intents that act on one subscription (the rest act on the customer). */
export const SUBSCRIPTION_INTENTS: readonly IntentType[] = [
  'changeSubscription',
  'cancelSubscription',
  'resumeSubscription',
  'viewSubscription',
  'completePorting',
  'checkoutAddon',
  'viewEsimInstallation',
];

/** Intents for the person's Gigs account as a whole, with no payload: they need a Gigs user. */
export const ACCOUNT_INTENTS = ['updatePaymentMethod', 'updateUserAddress', 'updateUserFullName', 'viewSubscriptions'] as const;
type AccountIntent = (typeof ACCOUNT_INTENTS)[number];
export const isAccountIntent = (type: IntentType): type is AccountIntent => (ACCOUNT_INTENTS as readonly string[]).includes(type);

const customerId = z.string().regex(/^cus_[a-z2-7]{20}$/, 'is not a customer id');

export const createSessionBody = z.strictObject({
  customerId,
  /**
   * Optional, made by the SPA once per click (a UUID); scripts send an Idempotency-Key header
   * instead. Without either, each request is its own click.
   */
  clientRequestId: z.uuid('must be a UUID made once per click').optional(),
  intent: intentSchema,
});

/** What an agent asked for, with the retry key resolved: it becomes part of the Gigs Idempotency-Key, so Gigs replays the same session. */
export type CreateSessionRequest = { customerId: string; retryKey: string; intent: AgentIntent };

/** The request as the audit log keeps it (start-up reconciliation remakes the Gigs key from it); older entries named the key clientRequestId. */
export const auditedCreateRequest = z
  .object({ customerId, intent: intentSchema, retryKey: z.string().optional(), clientRequestId: z.string().optional() })
  .transform(({ retryKey: key, clientRequestId, ...rest }) => ({ ...rest, retryKey: key ?? clientRequestId }))
  .refine((r): r is CreateSessionRequest => Boolean(r.retryKey));

export const subscriptionOf = (intent: AgentIntent): string | null => ('subscription' in intent ? intent.subscription : null);

/** The Gigs wire shape: `{type, <type>: payload}` (the account intents have no payload). */
export function toGigsIntent(intent: AgentIntent): { type: string } & Record<string, unknown> {
  const { type, ...payload } = intent;
  return isAccountIntent(type) ? { type } : { type, [type]: payload };
}
