import { storeFor, type Engine } from '../../storage/engine.ts';
import { postgresTimelineStore } from './postgres.ts';
import { sqliteTimelineStore } from './sqlite.ts';

export type { TimelineStore } from './types.ts';

/** A customer's audit entries for the support timeline, on the engine that runs (docs/postgres.md). */
export function createTimelineStore(engine: Engine) {
  return storeFor(engine, { sqlite: sqliteTimelineStore, postgres: postgresTimelineStore });
}
