import { z } from 'zod';

/**
 * What the crawl reads of each list page: only the fields the index keeps, so that parsing a
 * million objects costs a fraction of the clients' full schemas (a Gigs subscription embeds its
 * whole plan and user). As tolerant as those: unknown fields are dropped, enums are plain strings,
 * ids may be numbers or strings; only ids and e-mails are required.
 */
const optString = z.string().nullish();
const text = z.union([z.string(), z.number()]).nullish();
const anyId = z.union([z.string().min(1), z.number()]);

const gigsUser = z.object({ id: z.string(), email: z.string(), fullName: optString });

export const crawlGigsUsersPage = z.object({ items: z.array(gigsUser), moreItemsAfter: optString });

export const crawlGigsSubscriptionsPage = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      phoneNumber: optString,
      sim: z.object({ id: optString, iccid: optString }).nullish(),
      plan: z.union([z.string(), z.object({ id: optString, provider: optString })]).nullish(),
      user: z.union([z.string(), gigsUser]).nullish(),
      createdAt: optString,
      canceledAt: optString,
      endedAt: optString,
    }),
  ),
  moreItemsAfter: optString,
});

export const crawlCentraCustomersPage = z.object({
  customers: z.array(z.object({ customerId: anyId, email: z.string(), firstName: text, lastName: text, country: text, phoneNumber: text })),
});

/** A country as text (REST) or as an object with its code (GraphQL schemas that model Country). */
const country = z.union([text, z.object({ code: text }).transform((c) => c.code)]).nullish();
const address = z.object({ firstName: text, lastName: text, country, email: text, phoneNumber: text });

/**
 * One contract as the crawl (and the Centra events feed) reads it from the Integration API, as
 * the query built from Centra's own schema asks for it (server/upstream/centra-integration.ts):
 * only fields the schema has, so everything but the ids and e-mail may be absent.
 */
export const crawlCentraContract = z.object({
  id: anyId,
  customer: z.object({ id: anyId, email: z.string() }),
  shippingAddress: address.nullish(),
  subscriptions: z
    .array(
      z.object({
        id: anyId,
        status: z.string(),
        plan: z.object({ id: anyId }).nullish(),
        discount: z.union([z.number(), z.string()]).nullish(),
        lines: z.array(z.object({ item: anyId })).nullish(),
        createdAt: text,
      }),
    )
    .nullish(),
});

/** A page of the listing: the list field aliased `contracts`. */
export const crawlCentraContractsPage = z.object({
  data: z.object({ contracts: z.array(crawlCentraContract).nullish() }).nullish(),
  errors: z.array(z.object({ message: z.string().optional() })).nullish(),
});

export type CrawlGigsSubscription = z.infer<typeof crawlGigsSubscriptionsPage>['items'][number];
export type CrawlCentraCustomer = z.infer<typeof crawlCentraCustomersPage>['customers'][number];
export type CrawlCentraContract = z.infer<typeof crawlCentraContract>;
