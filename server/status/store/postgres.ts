import type { PostgresEngine } from '../../storage/engine.ts';
import type { HealthStore } from './types.ts';

export function postgresHealthStore({ db }: PostgresEngine): HealthStore {
  return {
    async probe() {
      // Through the pool: a pool that cannot hand out a connection is as down as the server.
      await db.$client.query('SELECT 1');
    },
  };
}
