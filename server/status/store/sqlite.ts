import type { SqliteEngine } from '../../storage/engine.ts';
import type { HealthStore } from './types.ts';

export function sqliteHealthStore({ db }: SqliteEngine): HealthStore {
  return {
    async probe() {
      db.$client.prepare('SELECT 1').get();
    },
  };
}
