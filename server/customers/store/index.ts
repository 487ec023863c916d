import { storeFor, type Engine } from '../../storage/engine.ts';
import { postgresCustomerIndexStore } from './postgres.ts';
import { sqliteCustomerIndexStore } from './sqlite.ts';

export type { CustomerIndexStore, FactsRow, IndexCounts, PlanStatRow } from './types.ts';

/** The customer index as staff read it, on the engine that runs (docs/postgres.md). */
export function createCustomerIndexStore(engine: Engine) {
  return storeFor(engine, { sqlite: sqliteCustomerIndexStore, postgres: postgresCustomerIndexStore });
}
