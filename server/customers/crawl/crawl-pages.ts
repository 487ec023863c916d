import type { ZodType } from 'zod';
import { contractPart, customerPart, subscriptionPart, userPart, type CentraContractItem, type CentraCustomerLike, type StagedPart } from '../index/facts.ts';
import { emailKey } from '../normalise.ts';
import { MalformedAnswer } from '../../upstream/http.ts';
import {
  crawlCentraContractsPage,
  crawlCentraCustomersPage,
  crawlGigsSubscriptionsPage,
  crawlGigsUsersPage,
  type CrawlCentraContract,
  type CrawlCentraCustomer,
} from './crawl-schemas.ts';

/** The four lists a crawl reads. */
export type CrawlList = 'gigs.users' | 'gigs.subscriptions' | 'centra.customers' | 'centra.contracts';

/**
 * One list page as the crawl stages it: each part (JSON) with its person's e-mail key, the number
 * of items read, and what the next request pages on. Plain data: it is made in a worker thread
 * (server/customers/crawl/page-worker.ts) from the page's bytes and posted to the crawler.
 */
export type StagedPage = {
  count: number;
  keys: string[];
  parts: string[];
  /** The last item's id (Gigs cursor, Centra keyset). */
  lastId: string | null;
  /** Gigs' cursor for the next page, as sent. */
  moreItemsAfter: string | null;
  /** GraphQL's `errors` (or "no data"), joined: the listing was refused. */
  refused: string | null;
};

/** Centra's optional text as the clients' full schemas read it: absent becomes ''. */
const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v));
const nullableText = (v: string | number | null | undefined) => (v === null || v === undefined || v === '' ? null : String(v));

const centraCustomer = (c: CrawlCentraCustomer): CentraCustomerLike => ({
  customerId: String(c.customerId),
  email: c.email,
  firstName: text(c.firstName),
  lastName: text(c.lastName),
  country: text(c.country),
  phoneNumber: text(c.phoneNumber),
});

export function centraContract(c: CrawlCentraContract): CentraContractItem {
  const a = c.shippingAddress;
  return {
    customerId: String(c.customer.id),
    email: c.customer.email,
    contract: {
      id: c.id,
      shippingAddress: {
        firstName: text(a?.firstName),
        lastName: text(a?.lastName),
        country: text(a?.country),
        email: text(a?.email),
        phoneNumber: text(a?.phoneNumber),
      },
      subscriptions: (c.subscriptions ?? []).map((s) => ({
        id: s.id,
        // REST sends `active`, GraphQL `ACTIVE`: the index keeps the REST spelling.
        status: s.status.toLowerCase(),
        plan: s.plan ?? null,
        discount: s.discount == null || s.discount === '' ? 0 : Number(s.discount),
        lines: s.lines ?? [],
        createdAt: nullableText(s.createdAt),
      })),
    },
  };
}

/** Items to a staged page (also how tests' in-memory upstreams make theirs). */
export function stagedOf<T>(
  items: T[],
  part: (item: T) => StagedPart | null,
  paging: Partial<Pick<StagedPage, 'lastId' | 'moreItemsAfter' | 'refused'>> = {},
): StagedPage {
  const keys: string[] = [];
  const parts: string[] = [];
  for (const item of items) {
    const p = part(item);
    if (!p) continue;
    keys.push(emailKey(p.e));
    parts.push(JSON.stringify(p));
  }
  return { count: items.length, keys, parts, lastId: paging.lastId ?? null, moreItemsAfter: paging.moreItemsAfter ?? null, refused: paging.refused ?? null };
}

function validated<T>(schema: ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new MalformedAnswer(`${issue?.path.join('.') || 'body'}: ${issue?.message}`);
}

/** Parses and checks one page's body (the crawl's lean schemas) and stages its items. */
export function parseCrawlPage(list: CrawlList, body: string): StagedPage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new MalformedAnswer('not JSON');
  }
  switch (list) {
    case 'gigs.users': {
      const page = validated(crawlGigsUsersPage, json);
      return stagedOf(page.items, userPart, { lastId: page.items.at(-1)?.id ?? null, moreItemsAfter: page.moreItemsAfter ?? null });
    }
    case 'gigs.subscriptions': {
      const page = validated(crawlGigsSubscriptionsPage, json);
      return stagedOf(page.items, subscriptionPart, { lastId: page.items.at(-1)?.id ?? null, moreItemsAfter: page.moreItemsAfter ?? null });
    }
    case 'centra.customers':
      return stagedOf(validated(crawlCentraCustomersPage, json).customers.map(centraCustomer), customerPart);
    case 'centra.contracts': {
      const page = validated(crawlCentraContractsPage, json);
      if (page.errors?.length || !page.data)
        return { ...stagedOf([], contractPart), refused: page.errors?.map((e) => e.message ?? 'unknown error').join('; ') || 'no data' };
      const rows = page.data.contracts ?? [];
      return stagedOf(rows.map(centraContract), contractPart, { lastId: rows.length ? String(rows[rows.length - 1]!.id) : null });
    }
  }
}
