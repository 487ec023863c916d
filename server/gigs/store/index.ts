import { storeFor, type Engine } from '../../storage/engine.ts';
import { postgresConnectSessionsStore } from './postgres.ts';
import { sqliteConnectSessionsStore } from './sqlite.ts';

export type * from './types.ts';
export { SETTLEABLE } from './types.ts';

export const createConnectSessionsStore = (engine: Engine) => storeFor(engine, { sqlite: sqliteConnectSessionsStore, postgres: postgresConnectSessionsStore });
