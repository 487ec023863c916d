import { storeFor, type Engine } from '../../storage/engine.ts';
import { postgresAuditStore } from './postgres.ts';
import { sqliteAuditStore } from './sqlite.ts';
import type { AuditStore } from './types.ts';

export type { AuditStore, OutcomeCount } from './types.ts';

/** The audit log's reading side on the engine that runs (docs/postgres.md, "How a domain reaches its data"). */
export function createAuditStore(engine: Engine): AuditStore {
  return storeFor(engine, { sqlite: sqliteAuditStore, postgres: postgresAuditStore });
}
