import { storeFor, type Engine } from '../../storage/engine.ts';
import { postgresHealthStore } from './postgres.ts';
import { sqliteHealthStore } from './sqlite.ts';

export type { HealthStore } from './types.ts';

export const createHealthStore = (engine: Engine) => storeFor(engine, { sqlite: sqliteHealthStore, postgres: postgresHealthStore });
