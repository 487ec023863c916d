import { contractJsonSql } from './graphql-contracts.ts';
import { GraphqlError, parseOperation } from './graphql-selection.ts';
import type { JsonSql } from './json-sql.ts';

/** A crawl sends one document thousands of times: each distinct text is read once, up to this many. */
const MAX_DOCUMENTS = 100;
const compiled = new Map<string, JsonSql | GraphqlError>();

/**
 * The SQL writing each contract the query's `subscriptionContracts` selects, or the GraphQL
 * error to answer instead. Only `Query.subscriptionContracts` exists.
 */
export function compileQuery(query: string): JsonSql | GraphqlError {
  let result = compiled.get(query);
  if (result === undefined) {
    try {
      result = compile(query.replace(/#[^\n]*/g, ''));
    } catch (err) {
      if (!(err instanceof GraphqlError)) throw err;
      result = err;
    }
    if (compiled.size >= MAX_DOCUMENTS) compiled.clear();
    compiled.set(query, result);
  }
  return result;
}

function compile(document: string): JsonSql {
  if (/^\s*(mutation|subscription)\b/.test(document)) throw new GraphqlError('This emulator answers queries only.');
  const selection = parseOperation(document).flatMap((field) => {
    if (field.name !== 'subscriptionContracts') throw new GraphqlError(`Cannot query field "${field.name}" on type "Query". The emulator serves only Query.subscriptionContracts.`);
    if (!field.selection) throw new GraphqlError('Field "subscriptionContracts" of type "[SubscriptionContract!]!" must have a selection of subfields. Did you mean "subscriptionContracts { ... }"?');
    return field.selection;
  });
  return contractJsonSql(selection);
}
