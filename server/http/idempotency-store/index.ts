import { storeFor, type Engine } from '../../storage/engine.ts';
import { postgresIdempotencyStore } from './postgres.ts';
import { sqliteIdempotencyStore } from './sqlite.ts';

export type { IdempotencyStore, KeptAnswer, RetryKeyOf } from './types.ts';

export const createIdempotencyStore = (engine: Engine) => storeFor(engine, { sqlite: sqliteIdempotencyStore, postgres: postgresIdempotencyStore });
