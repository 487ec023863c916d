import { z } from 'zod';
import { randomUUID } from 'node:crypto';
import type { HttpClient } from './http.ts';

/**
 * Asking a GraphQL API what it offers instead of assuming it (Centra's Integration API documents
 * types but not every field and argument: docs/upstreams.md). Types are read by name through
 * `__type`, several per request, and a wanted selection is cut down to what the schema has.
 */
export type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
export type Field = { name: string; type: TypeRef; args?: { name: string; type: TypeRef }[] };
export type FullType = {
  name: string;
  kind: string;
  fields: Field[] | null;
  inputFields: Field[] | null;
  enumValues: { name: string }[] | null;
  possibleTypes: { name: string }[] | null;
};

/** A wanted selection: `true` for a leaf, a nested Want for an object. */
export type Want = { [name: string]: true | Want };

const typeRef: z.ZodType<TypeRef> = z.lazy(() => z.object({ kind: z.string(), name: z.string().nullable(), ofType: typeRef.nullable() }));
const field = z.object({ name: z.string(), type: typeRef, args: z.array(z.object({ name: z.string(), type: typeRef })).optional() });
const fullType = z.object({
  name: z.string(),
  kind: z.string(),
  fields: z.array(field).nullable(),
  inputFields: z.array(field).nullable(),
  enumValues: z.array(z.object({ name: z.string() })).nullable(),
  possibleTypes: z.array(z.object({ name: z.string() })).nullable(),
});
export const graphqlAnswer = z.object({
  data: z.record(z.string(), z.unknown()).nullish(),
  errors: z.array(z.object({ message: z.string().optional(), extensions: z.record(z.string(), z.unknown()).optional() }).passthrough()).nullish(),
});

const TYPE_REF = 'kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }';
const TYPE_FIELDS = `name kind fields { name args { name type { ${TYPE_REF} } } type { ${TYPE_REF} } } inputFields { name type { ${TYPE_REF} } } enumValues { name } possibleTypes { name }`;

/** Words in a GraphQL error that mean the token may not do this (Centra's exact wording is not documented). */
export const REFUSED = /permission|denied|forbidden|not allowed|unauthori[sz]ed|access|not enabled/i;

/** The named type under lists and non-nulls. */
export function named(t: TypeRef): { name: string; kind: string } {
  let cur: TypeRef | null = t;
  while (cur && !cur.name) cur = cur.ofType;
  return { name: cur?.name ?? '', kind: cur?.kind ?? '' };
}

/** The type as GraphQL writes it (`[Int!]!`), for a variable declared with the argument's own type. */
export function typeText(t: TypeRef): string {
  if (t.kind === 'NON_NULL') return `${typeText(t.ofType!)}!`;
  if (t.kind === 'LIST') return `[${typeText(t.ofType!)}]`;
  return t.name ?? '';
}

/** The schema refused to describe itself (introspection off, or the token may not). */
export class IntrospectionRefused extends Error {}

export class SchemaReader {
  constructor(
    private readonly http: HttpClient,
    private readonly path: string,
  ) {}

  /** One GraphQL request; every one only reads or is idempotent, so a fresh key lets the transport retry it. */
  ask(query: string, variables: Record<string, unknown> = {}) {
    return this.http.request({ method: 'POST', path: this.path, body: { query, variables }, schema: graphqlAnswer, idempotencyKey: randomUUID() });
  }

  /** The root types' names (mutation null when the schema has none). */
  async roots(): Promise<{ query: string; mutation: string | null }> {
    const answer = await this.ask('query SubdeskRoots { __schema { queryType { name } mutationType { name } } }');
    if (answer.errors?.length) throw new IntrospectionRefused(answer.errors.map((e) => e.message ?? 'unknown error').join('; '));
    const parsed = z
      .object({ __schema: z.object({ queryType: z.object({ name: z.string() }), mutationType: z.object({ name: z.string() }).nullable() }) })
      .safeParse(answer.data);
    if (!parsed.success) throw new IntrospectionRefused('no answer to GraphQL introspection');
    return { query: parsed.data.__schema.queryType.name, mutation: parsed.data.__schema.mutationType?.name ?? null };
  }

  /** These types, as far as the schema has them (one request). */
  async types(names: string[]): Promise<Map<string, FullType>> {
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
   * The selection of `want` on `typeName` that the schema allows, with the dotted paths it holds;
   * what the schema lacks is added to `notes`. A leaf that is an object in this schema (a country
   * as `{code}`) is selected by its `code`.
   */
  async select(
    typeName: string,
    want: Want,
    known: Map<string, FullType> = new Map(),
    notes: string[] = [],
    prefix = '',
  ): Promise<{ text: string; paths: Set<string> }> {
    const type = known.get(typeName) ?? (await this.types([typeName])).get(typeName);
    const paths = new Set<string>();
    const parts: string[] = [];
    const fields = new Map((type?.fields ?? []).map((f) => [f.name, f]));
    const nestedNames = Object.entries(want)
      .filter(([name, w]) => w !== true && fields.has(name))
      .map(([name]) => named(fields.get(name)!.type).name);
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
