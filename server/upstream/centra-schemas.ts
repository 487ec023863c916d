import { z } from 'zod';

/**
 * What subdesk reads from Centra, parsed tolerantly: unknown fields are dropped, enum values
 * we do not know are kept as they came (lower-cased, since REST sends `active` and GraphQL
 * `ACTIVE`), ids arrive as numbers or strings and are normalised, optional text becomes ''.
 * Only what subdesk cannot do without (ids) makes an answer malformed.
 */

/** Known values first, for autocompletion; any other string is kept as-is. */
type Open<T extends string> = T | (string & {});

const openEnum = <T extends string>() => z.string().transform((s) => s.toLowerCase() as Open<T>);
const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? '' : String(v)));
const nullableText = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined || v === '' ? null : String(v)));
const stringId = z.union([z.string().min(1), z.number()]).transform(String);
const intId = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
const num = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
const flag = z
  .union([z.boolean(), z.number(), z.string()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? null : v === true || v === 1 || v === '1' || v === 'true'));

export type CentraIntervalType = Open<'day' | 'week' | 'month' | 'year'>;
export type CentraSubscriptionStatus = Open<'active' | 'paused' | 'cancelled'>;
export type CentraPaymentStatus = Open<'active' | 'suspended' | 'revoked'>;

export const centraCustomerSchema = z.object({
  customerId: stringId,
  email: z.string(),
  firstName: text,
  lastName: text,
  address1: text,
  address2: text,
  zipCode: text,
  city: text,
  state: text,
  country: text,
  phoneNumber: text,
  newsletter: flag,
  registered: flag,
  /** `Y-m-d H:i:s` as Centra sent it. */
  created: nullableText,
  modified: nullableText,
});

/** Plan on a product. Ids and intervalValue are strings on the wire; intervalValue is a number here. */
export const centraPlanSchema = z.object({
  id: stringId,
  name: text,
  intervalValue: num,
  intervalType: openEnum<'day' | 'week' | 'month' | 'year'>(),
  discountPercent: num.nullish().transform((v) => v ?? 0),
});

export const centraProductSchema = z.object({
  product: stringId,
  name: text,
  items: z
    .array(z.object({ item: stringId, sizeName: text }))
    .nullish()
    .transform((v) => v ?? []),
  subscriptionPlans: z
    .array(centraPlanSchema)
    .nullish()
    .transform((v) => v ?? []),
});

export const centraAddressSchema = z.object({
  firstName: text,
  lastName: text,
  address1: text,
  address2: text,
  zipCode: text,
  city: text,
  state: text,
  country: text,
  email: text,
  phoneNumber: text,
});

const lineSchema = z
  .object({
    item: stringId,
    // Earlier examples call it `name`; the contract says `productName`.
    productName: text.optional(),
    name: text.optional(),
    size: text,
    quantity: num.nullish(),
    unitPrice: z
      .object({ amount: num, currency: text })
      .nullish()
      .transform((v) => v ?? null),
  })
  .transform(({ name, ...l }) => ({ ...l, productName: l.productName || name || '', quantity: l.quantity ?? null }));

export const centraSubscriptionSchema = z
  .object({
    id: intId,
    status: openEnum<'active' | 'paused' | 'cancelled'>(),
    interval: z
      .object({ type: openEnum<'day' | 'week' | 'month' | 'year'>(), value: num })
      .nullish()
      .transform((v) => v ?? null),
    plan: z
      .object({ id: stringId, name: nullableText.optional() })
      .nullish()
      .transform((v) => (v ? { id: v.id, name: v.name ?? null } : null)),
    discount: num.nullish().transform((v) => v ?? 0),
    quantity: num.nullish(),
    nextOrderDate: nullableText.optional().transform((v) => v ?? null),
    lines: z
      .array(lineSchema)
      .nullish()
      .transform((v) => v ?? []),
    createdAt: nullableText.optional().transform((v) => v ?? null),
  })
  .transform((s) => ({ ...s, quantity: s.quantity ?? s.lines[0]?.quantity ?? 1 }));

export const centraPaymentSchema = z.object({
  id: stringId,
  paymentMethod: text,
  status: openEnum<'active' | 'suspended' | 'revoked'>(),
});

export const centraContractSchema = z.object({
  id: intId,
  createdAt: nullableText.optional().transform((v) => v ?? null),
  /** Only the Integration API sends it. */
  updatedAt: nullableText.optional().transform((v) => v ?? null),
  shippingAddress: centraAddressSchema.nullish().transform((v) => v ?? centraAddressSchema.parse({})),
  subscriptionPayment: z
    .array(centraPaymentSchema)
    .nullish()
    .transform((v) => v ?? []),
  subscriptions: z
    .array(centraSubscriptionSchema)
    .nullish()
    .transform((v) => v ?? []),
});

export type CentraCustomer = z.infer<typeof centraCustomerSchema>;
export type CentraPlan = z.infer<typeof centraPlanSchema>;
export type CentraProduct = z.infer<typeof centraProductSchema>;
export type CentraAddress = z.infer<typeof centraAddressSchema>;
export type CentraSubscription = z.infer<typeof centraSubscriptionSchema>;
export type CentraPayment = z.infer<typeof centraPaymentSchema>;
export type CentraContract = z.infer<typeof centraContractSchema>;

export const customersBody = z.object({ customers: z.array(centraCustomerSchema) });
export const customerBody = z.object({ customer: centraCustomerSchema });
export const productsBody = z.object({ products: z.array(centraProductSchema) });
export const contractBody = z.object({ contract: centraContractSchema });
export const subscriptionBody = z.object({ subscription: centraSubscriptionSchema });

/**
 * UNDOCUMENTED UPSTREAM: no public source shows the body of `POST /customers/{email}/subscriptions`
 * (docs/upstreams.md, "Shop API and Order API"). Our guess is `{"contracts":[Contract]}` (the guide says the list is
 * "grouped by the contract"); a bare array of contracts is accepted too. This is the only place
 * that guess lives.
 */
export const contractListingBody = z
  .union([z.object({ contracts: z.array(centraContractSchema).nullish() }), z.array(centraContractSchema)])
  .transform((b) => (Array.isArray(b) ? b : (b.contracts ?? [])));
