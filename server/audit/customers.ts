import type { Deps } from '../deps.ts';
import type { QMatches } from './query.ts';

/** More people than this for one `q` and the words are too vague to mean a person. */
const MAX_PEOPLE = 200;

type IndexDeps = Pick<Deps, 'customers'>;

/**
 * The customers a `q` of the audit log names, by the same forgiving search agents use (accents,
 * case, part of a name or e-mail): the log keeps only customer ids, the index knows the people.
 */
export async function qMatches(deps: IndexDeps, q: string | undefined): Promise<QMatches> {
  if (!q) return {};
  const { rows } = await deps.customers.search.list({ filter: { q }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: MAX_PEOPLE });
  return { customerIds: rows.map((r) => r.id) };
}

/** Who each customer id is (name, else e-mail), for the ids the index knows. */
export async function customerNames(deps: IndexDeps, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => Boolean(id)))];
  const names = new Map<string, string>();
  if (!wanted.length) return names;
  const { rows } = await deps.customers.search.list({ filter: { id: wanted }, sort: { field: 'name', order: 'ASC' }, start: 0, limit: wanted.length });
  for (const r of rows) {
    const name = r.name ?? r.email;
    if (name) names.set(r.id, name);
  }
  return names;
}
