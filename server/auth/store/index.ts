import { storeFor, type Engine } from '../../storage/engine.ts';
import { postgresAuthStore } from './postgres.ts';
import { sqliteAuthStore } from './sqlite.ts';

export type * from './types.ts';

/** The auth store of the engine that runs (docs/postgres.md, "How a domain reaches its data"). */
export const createAuthStore = (engine: Engine) => storeFor(engine, { sqlite: sqliteAuthStore, postgres: postgresAuthStore });
