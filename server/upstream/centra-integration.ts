import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import type { HttpClient } from './http.ts';
import { UpstreamError } from './errors.ts';

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

type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
type Field = { name: string; type: TypeRef; args?: { name: string; type: TypeRef }[] };
type FullType = { name: string; kind: string; fields: Field[] | null; inputFields: Field[] | null; enumValues: { name: string }[] | null };

const typeRef: z.ZodType<TypeRef> = z.lazy(() => z.object({ kind: z.string(), name: z.string().nullable(), ofType: typeRef.nullable() }));
const field = z.object({ name: z.string(), type: typeRef, args: z.array(z.object({ name: z.string(), type: typeRef })).optional() });
const fullType = z.object({
  name: z.string(),
  kind: z.string(),
  fields: z.array(field).nullable(),
  inputFields: z.array(field).nullable(),
  enumValues: z.array(z.object({ name: z.string() })).nullable(),
});
const graphqlAnswer = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(z.object({ message: z.string().optional(), extensions: z.record(z.string(), z.unknown()).optional() }).passthrough()).nullish(),
});

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const TYPE_FIELDS = `name kind fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } inputFields { name type { ${TYPE_REF} } } enumValues { name }`;

/** The named type under lists and non-nulls. */
function named(t: TypeRef): { name: string; kind: string } {
  let cur: TypeRef | null = t;
  while (cur && !cur.name) cur = cur.ofType;
  return { name: cur?.name ?? '', kind: cur?.kind ?? '' };
}

/** The type as GraphQL writes it (`[Int!]!`), for a variable declared with the argument's own type. */
function typeText(t: TypeRef): string {
  if (t.kind === 'NON_NULL') return `${typeText(t.ofType!)}!`;
  if (t.kind === 'LIST') return `[${typeText(t.ofType!)}]`;
  return t.name ?? '';
}

/** Words in a GraphQL error that mean the token may not do this (Centra's exact wording is not documented). */
const REFUSED = /permission|denied|forbidden|not allowed|unauthori[sz]ed|access/i;

/** What the crawl wants of each contract; `*` marks what it cannot do without. */
type Want = { [name: string]: true | Want };
const WANTED: Want = {
  id: true,
  customer: { id: true, email: true },
  shippingAddress: { firstName: true, lastName: true, country: true, email: true, phoneNumber: true },
  subscriptions: { id: true, status: true, plan: { id: true }, discount: true, lines: { item: true }, createdAt: true },
};
const REQUIRED = ['id', 'customer.email', 'subscriptions.id', 'subscriptions.status'];
/** Names a lower bound of a date range may have; the first the schema has is used. */
const LOWER_BOUNDS = ['from', 'gte', 'after', 'start', 'min', 'greaterThanOrEqual'];

export class IntegrationSchemaReader {
  constructor(
    private readonly http: HttpClient,
    private readonly path: string,
  ) {}

  private async ask(query: string, variables: Record<string, unknown> = {}) {
    const body = await this.http.request({ method: 'POST', path: this.path, body: { query, variables }, schema: graphqlAnswer, idempotencyKey: randomUUID() });
    return body;
  }

  private async types(names: string[]): Promise<Map<string, FullType>> {
    const wanted = [...new Set(names.filter(Boolean))];
    if (!wanted.length) return new Map();
    const query = `query SubdeskSchema { ${wanted.map((n, i) => `t${i}: __type(name: ${JSON.stringify(n)}) { ${TYPE_FIELDS} }`).join(' ')} }`;
    const answer = await this.ask(query);
    if (answer.errors?.length) throw new IntrospectionRefused(answer.errors.map((e) => e.message ?? 'unknown error').join('; '));
    const out = new Map<string, FullType>();
    wanted.forEach((n, i) => {
      const t = fullType.safeParse(answer.data?.[`t${i}`]);
      if (t.success) out.set(n, t.data);
    });
    return out;
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
        return shop(`Centra refused the Integration API token (HTTP ${err.details.status}: ${err.message}); check CENTRA_INTEGRATION_API_TOKEN and its permissions`);
      }
      throw err;
    }
  }

  private async discover(): Promise<ContractListingPlan> {
    let root: FullType | undefined;
    try {
      const answer = await this.ask(`query SubdeskRoot { __schema { queryType { name } } }`);
      if (answer.errors?.length) return shop(`Centra's Integration API refused to describe its schema (${answer.errors.map((e) => e.message).join('; ')})`);
      const name = z.object({ __schema: z.object({ queryType: z.object({ name: z.string() }) }) }).safeParse(answer.data);
      if (!name.success) return shop("Centra's Integration API did not describe its schema (no answer to GraphQL introspection)");
      const rootTypes = await this.types([name.data.__schema.queryType.name]);
      root = rootTypes.get(name.data.__schema.queryType.name);
    } catch (err) {
      if (err instanceof IntrospectionRefused) return shop(`Centra's Integration API refused to describe its schema (${err.message})`);
      throw err;
    }
    const list = root?.fields?.find((f) => f.name === 'subscriptionContracts');
    if (!list) return shop("Centra's Integration API has no subscriptionContracts field for this token (check the integration's API permissions, or whether this Centra version offers it)");
    const args = new Map((list.args ?? []).map((a) => [a.name, a]));
    const missingArgs = ['limit', 'page'].filter((a) => !args.has(a));
    if (missingArgs.length) return shop(`Centra's subscriptionContracts field takes no ${missingArgs.join(' or ')} argument, so it cannot be paged the classic way`);

    const contractType = named(list.type).name;
    const whereArg = args.get('where');
    const sortArg = args.get('sort');
    const level1 = await this.types([contractType, whereArg ? named(whereArg.type).name : '', sortArg ? named(sortArg.type).name : '']);
    const notes: string[] = [];

    // Walk WANTED against the types, level by level.
    const selection = await this.select(contractType, WANTED, level1, notes, '');
    const missingRequired = REQUIRED.filter((p) => !selection.paths.has(p));
    if (missingRequired.length) return shop(`Centra's ${contractType} type lacks ${missingRequired.join(', ')}, which the crawl needs`, notes);

    let sort = '';
    const sortEnum = sortArg ? level1.get(named(sortArg.type).name) : undefined;
    if (sortEnum?.enumValues?.some((v) => v.name === 'id_ASC')) sort = ', sort: [id_ASC]';
    else notes.push('no sort by id_ASC: pages are read in Centra\'s default order, so a contract added during a crawl may be missed until the next one');

    let updatedSince: IntegrationListing['updatedSince'] = null;
    let whereDecl = '';
    let whereUse = '';
    const whereType = whereArg ? level1.get(named(whereArg.type).name) : undefined;
    const updatedAt = whereType?.inputFields?.find((f) => f.name === 'updatedAt');
    if (whereArg && updatedAt) {
      const range = (await this.types([named(updatedAt.type).name])).get(named(updatedAt.type).name);
      const bound = LOWER_BOUNDS.find((b) => range?.inputFields?.some((f) => f.name === b));
      if (bound) {
        updatedSince = (since) => ({ updatedAt: { [bound]: since } });
        whereDecl = `, $where: ${typeText(whereArg.type)}`;
        whereUse = ', where: $where';
      } else notes.push(`the updatedAt filter has no lower bound subdesk recognises (${(range?.inputFields ?? []).map((f) => f.name).join(', ') || 'no fields'}): every crawl reads all contracts`);
    } else notes.push('no updatedAt filter on subscriptionContracts: every crawl reads all contracts');

    const query = `query SubdeskContracts($limit: ${typeText(args.get('limit')!.type)}, $page: ${typeText(args.get('page')!.type)}${whereDecl}) {
  contracts: subscriptionContracts(limit: $limit, page: $page${sort}${whereUse}) ${selection.text}
}`;
    const plan: IntegrationListing = { way: 'integration', query, pageSize: INTEGRATION_PAGE, updatedSince, notes };

    // One small page: a token without the permission is refused here, not halfway through a crawl.
    const trial = await this.ask(query, { limit: 1, page: 1 });
    if (trial.errors?.length) {
      const message = trial.errors.map((e) => e.message ?? 'unknown error').join('; ');
      return shop(REFUSED.test(message) ? `Centra refused the contract listing: ${message}` : `Centra's Integration API could not list contracts: ${message}`, notes);
    }
    return plan;
  }

  /** The selection of `want` on `typeName` that the schema allows; notes what it lacks. */
  private async select(typeName: string, want: Want, known: Map<string, FullType>, notes: string[], prefix: string): Promise<{ text: string; paths: Set<string> }> {
    const type = known.get(typeName) ?? (await this.types([typeName])).get(typeName);
    const paths = new Set<string>();
    const parts: string[] = [];
    const fields = new Map((type?.fields ?? []).map((f) => [f.name, f]));
    const nestedNames = Object.entries(want).filter(([name, w]) => w !== true && fields.has(name)).map(([name]) => named(fields.get(name)!.type).name);
    const nested = await this.types(nestedNames.filter((n) => !known.has(n)));
    for (const [n, t] of known) nested.set(n, t);
    for (const [name, w] of Object.entries(want)) {
      const path = prefix ? `${prefix}.${name}` : name;
      const f = fields.get(name);
      if (!f) {
        notes.push(`no ${typeName}.${name}`);
        continue;
      }
      const target = named(f.type);
      const isObject = target.kind === 'OBJECT' || target.kind === 'INTERFACE';
      if (w === true && !isObject) {
        parts.push(name);
        paths.add(path);
      } else if (w === true && isObject) {
        // Text in one schema, an object in another (a country as `{code}`): take its code.
        const inner = (await this.types([target.name])).get(target.name);
        if (inner?.fields?.some((x) => x.name === 'code')) {
          parts.push(`${name} { code }`);
          paths.add(path);
        } else notes.push(`${typeName}.${name} is an object without a code`);
      } else if (w !== true && isObject) {
        const sub = await this.select(target.name, w, nested, notes, path);
        if (sub.paths.size) {
          parts.push(`${name} ${sub.text}`);
          paths.add(path);
          for (const p of sub.paths) paths.add(p);
        }
      } else notes.push(`${typeName}.${name} is not an object`);
    }
    return { text: `{ ${parts.join(' ')} }`, paths };
  }
}

class IntrospectionRefused extends Error {}

function shop(reason: string, notes: string[] = []): ShopListing {
  return { way: 'shop', reason, notes };
}

/** A GraphQL answer's errors as the transport's error, so that the crawl records and resumes. */
export function refusedListing(path: string, message: string) {
  return new UpstreamError('centra', 'http', `Centra's Integration API refused the contract listing: ${message}`, { status: 200, method: 'POST', path, fieldErrors: { graphql: message } });
}
