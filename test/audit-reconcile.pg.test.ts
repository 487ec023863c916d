import { reconcileContract } from './helpers/contracts/reconcile.ts';
import { postgresUnderTest } from './helpers/contracts/instances.ts';
import { testDatabase } from './helpers/postgres.ts';

reconcileContract((clock) => postgresUnderTest(() => testDatabase(), clock));
