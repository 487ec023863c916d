import { z } from 'zod';
import { ADDRESS_FIELDS } from './address-fields.ts';

/**
 * What the agent may send. Strict: an unknown field is a 400 naming it, before anything reaches
 * Centra (Centra's Shop API rejects unknown fields too, and a stray `country` is refused).
 */

const required = (max = 200) => z.string({ error: 'is required' }).trim().min(1, 'cannot be empty').max(max, `must be at most ${max} characters`);
const optionalText = (max = 200) => z.string({ error: 'must be text (may be empty)' }).trim().max(max, `must be at most ${max} characters`);

/**
 * The flat address Centra takes: no country (see COUNTRY_RULE). All fields are sent, so all are
 * required; address2 and phone may be empty. Lengths: long enough for real names and streets,
 * short enough for one line of a shipping label (address-fields.ts). The checks that depend on
 * the contract's country (postal code, phone) are in address.ts, once the contract is read.
 */
const F = ADDRESS_FIELDS;
export const addressBody = z.strictObject({
  firstName: required(F.firstName.max),
  lastName: required(F.lastName.max),
  address1: required(F.address1.max),
  address2: optionalText(F.address2.max),
  zipCode: required(F.zipCode.max),
  city: required(F.city.max),
  phoneNumber: optionalText(F.phoneNumber.max),
  email: z.string({ error: 'is required' }).trim().max(F.email.max, `must be at most ${F.email.max} characters`).pipe(z.email('must be an e-mail address')),
});
export type AddressBody = z.infer<typeof addressBody>;

export const COUNTRY_RULE =
  "The shipping country cannot be changed: Centra keeps a contract in the country it was checked out in. To ship to another country, cancel the contract's subscriptions and have the customer check out again with the new address.";

export const intervalBody = z.strictObject({
  planId: z
    .union([z.string(), z.number().int().positive().transform(String)], { error: "is required (Centra's plan id)" })
    .pipe(z.string().regex(/^\d{1,15}$/, "must be Centra's plan id")),
});

/** The reasons an agent picks from; `other` needs a few words. Kept short on purpose. */
export const REASON_CODES = ['customer_request', 'moving_abroad', 'too_much_stock', 'price', 'payment_problem', 'product_issue', 'duplicate', 'other'] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/**
 * `{code, text?}`, or a plain sentence (scripts): a sentence is stored as `{code: 'other', text}`.
 * Either way the audit entry gets `{code, text}`.
 */
const reason = z
  .union(
    [
      z
        .string()
        .trim()
        .min(3, 'needs a few words (at least 3 characters)')
        .max(500)
        .transform((text) => ({ code: 'other' as ReasonCode, text })),
      z.strictObject({
        code: z.enum(REASON_CODES, { error: `must be one of ${REASON_CODES.join(', ')}` }),
        text: z.string().trim().max(500, 'must be at most 500 characters').optional(),
      }),
    ],
    { error: 'is required: a reason code (and text) or a sentence' },
  )
  .refine((r) => r.code !== 'other' || (r.text ?? '').length >= 3, { message: 'needs a few words when the code is "other"', path: ['text'] })
  .transform((r) => ({ code: r.code, text: r.text || null }));

export const statusBody = z.strictObject({
  status: z.enum(['active', 'paused', 'cancelled'], { error: 'must be one of active, paused, cancelled' }),
  reason,
});
export type StatusBody = z.infer<typeof statusBody>;

export const quantityBody = z.strictObject({
  quantity: z.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(999, 'must be at most 999'),
});

/** Centra's ids in a path: positive integers. */
export const numericId = z.object({
  id: z
    .string()
    .regex(/^\d{1,15}$/, 'is not a Centra id')
    .transform(Number),
});

/** The labels the SPA's dialogs show for these fields: error messages name them, never the keys. */
export const INTERVAL_LABELS = { planId: 'Plan' } as const;
export const STATUS_LABELS = { status: 'Status', reason: 'Reason', 'reason.code': 'Reason', 'reason.text': 'Details' } as const;
export const QUANTITY_LABELS = { quantity: 'Quantity per order' } as const;
