import type { HttpClient } from './http.ts';
import { UpstreamError } from './errors.ts';
import { IntrospectionRefused, named, REFUSED, SchemaReader, typeText, type FullType, type Want } from './graphql-schema.ts';

/**
 * How subdesk lists Centra subscription contracts in bulk, decided by asking Centra's Integration
 * API for its schema (GraphQL introspection) instead of assuming it. Centra's public reference
 * names the types and the classic list style (`where`, `sort`, `limit`, `page`) but not the exact
 * root field, its arguments or the fields of `DateRange` (docs/upstreams.md, "Centra, Integration
 * API"). So: find `subscriptionContracts`, check its arguments, read every type the crawl selects
 * fields from, select only fields that exist, and try one page. Anything missing or refused is
 * said in words an operator can act on, and contracts are then listed through the Shop API, one
 * customer at a time.
 */

export type IntegrationListing = {
  way: 'integration';
  /** The GraphQL document the crawl sends; its one field is aliased `contracts`. */
  query: string;
  pageSize: number;
  /** Builds the `where` variable for "updated since" (null: this schema offers no lower bound, so every crawl reads all). */
  updatedSince: ((since: string) => Record<string, unknown>) | null;
  /** What the schema lacks that the crawl would have used, in plain words. */
  notes: string[];
};
export type ShopListing = { way: 'shop'; reason: string; notes: string[] };
export type ContractListingPlan = IntegrationListing | ShopListing;

/** Centra's documented maximum page size for classic lists. */
export const INTEGRATION_PAGE = 200;

/** What the crawl wants of each contract; REQUIRED says what it cannot do without. */
export const WANTED: Want = {
  id: true,
  customer: { id: true, email: true },
  shippingAddress: { firstName: true, lastName: true, country: true, email: true, phoneNumber: true },
  subscriptions: { id: true, status: true, plan: { id: true }, discount: true, lines: { item: true }, createdAt: true },
};
const REQUIRED = ['id', 'customer.email', 'subscriptions.id', 'subscriptions.status'];
/** Names a lower bound of a date range may have; the first the schema has is used. */
const LOWER_BOUNDS = ['from', 'gte', 'after', 'start', 'min', 'greaterThanOrEqual'];

export class IntegrationSchemaReader {
  private readonly schema: SchemaReader;

  constructor(http: HttpClient, path: string) {
    this.schema = new SchemaReader(http, path);
  }

  /**
   * Reads the schema, builds the contract listing it allows, and tries its first page. A token
   * Centra refuses outright (401, 403) means the Shop API way, with that reason; Centra not
   * answering is thrown, so that the crawl records it and asks again next time.
   */
  async plan(): Promise<ContractListingPlan> {
    try {
      return await this.discover();
    } catch (err) {
      if (err instanceof UpstreamError && err.kind === 'http' && (err.details.status === 401 || err.details.status === 403)) {
        return shop(
          `Centra refused the Integration API token (HTTP ${err.details.status}: ${err.message}); check CENTRA_INTEGRATION_API_TOKEN and its permissions`,
        );
      }
      throw err;
    }
  }

  private async discover(): Promise<ContractListingPlan> {
    let root: FullType | undefined;
    try {
      const { query } = await this.schema.roots();
      root = (await this.schema.types([query])).get(query);
    } catch (err) {
      if (err instanceof IntrospectionRefused) return shop(`Centra's Integration API refused to describe its schema (${err.message})`);
      throw err;
    }
    const list = root?.fields?.find((f) => f.name === 'subscriptionContracts');
    if (!list)
      return shop(
        "Centra's Integration API has no subscriptionContracts field for this token (check the integration's API permissions, or whether this Centra version offers it)",
      );
    const args = new Map((list.args ?? []).map((a) => [a.name, a]));
    const missingArgs = ['limit', 'page'].filter((a) => !args.has(a));
    if (missingArgs.length)
      return shop(`Centra's subscriptionContracts field takes no ${missingArgs.join(' or ')} argument, so it cannot be paged the classic way`);

    const contractType = named(list.type).name;
    const whereArg = args.get('where');
    const sortArg = args.get('sort');
    const level1 = await this.schema.types([contractType, whereArg ? named(whereArg.type).name : '', sortArg ? named(sortArg.type).name : '']);
    const notes: string[] = [];

    // Walk WANTED against the types, level by level.
    const selection = await this.schema.select(contractType, WANTED, level1, notes);
    const missingRequired = REQUIRED.filter((p) => !selection.paths.has(p));
    if (missingRequired.length) return shop(`Centra's ${contractType} type lacks ${missingRequired.join(', ')}, which the crawl needs`, notes);

    let sort = '';
    const sortEnum = sortArg ? level1.get(named(sortArg.type).name) : undefined;
    if (sortEnum?.enumValues?.some((v) => v.name === 'id_ASC')) sort = ', sort: [id_ASC]';
    else notes.push("no sort by id_ASC: pages are read in Centra's default order, so a contract added during a crawl may be missed until the next one");

    let updatedSince: IntegrationListing['updatedSince'] = null;
    let whereDecl = '';
    let whereUse = '';
    const whereType = whereArg ? level1.get(named(whereArg.type).name) : undefined;
    const updatedAt = whereType?.inputFields?.find((f) => f.name === 'updatedAt');
    if (whereArg && updatedAt) {
      const range = (await this.schema.types([named(updatedAt.type).name])).get(named(updatedAt.type).name);
      const bound = LOWER_BOUNDS.find((b) => range?.inputFields?.some((f) => f.name === b));
      if (bound) {
        updatedSince = (since) => ({ updatedAt: { [bound]: since } });
        whereDecl = `, $where: ${typeText(whereArg.type)}`;
        whereUse = ', where: $where';
      } else
        notes.push(
          `the updatedAt filter has no lower bound subdesk recognises (${(range?.inputFields ?? []).map((f) => f.name).join(', ') || 'no fields'}): every crawl reads all contracts`,
        );
    } else notes.push('no updatedAt filter on subscriptionContracts: every crawl reads all contracts');

    const query = `query SubdeskContracts($limit: ${typeText(args.get('limit')!.type)}, $page: ${typeText(args.get('page')!.type)}${whereDecl}) {
  contracts: subscriptionContracts(limit: $limit, page: $page${sort}${whereUse}) ${selection.text}
}`;
    const plan: IntegrationListing = { way: 'integration', query, pageSize: INTEGRATION_PAGE, updatedSince, notes };

    // One small page: a token without the permission is refused here, not halfway through a crawl.
    const trial = await this.schema.ask(query, { limit: 1, page: 1 });
    if (trial.errors?.length) {
      const message = trial.errors.map((e) => e.message ?? 'unknown error').join('; ');
      return shop(
        REFUSED.test(message) ? `Centra refused the contract listing: ${message}` : `Centra's Integration API could not list contracts: ${message}`,
        notes,
      );
    }
    return plan;
  }
}

function shop(reason: string, notes: string[] = []): ShopListing {
  return { way: 'shop', reason, notes };
}

/** A GraphQL answer's errors as the transport's error, so that the crawl records and resumes. */
export function refusedListing(path: string, message: string) {
  return new UpstreamError('centra', 'http', `Centra's Integration API refused the contract listing: ${message}`, {
    status: 200,
    method: 'POST',
    path,
    fieldErrors: { graphql: message },
  });
}
