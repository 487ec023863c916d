import { healthStoreContract } from './helpers/contracts/health.ts';
import { postgresUnderTest } from './helpers/contracts/instances.ts';
import { testDatabase } from './helpers/postgres.ts';

healthStoreContract(postgresUnderTest(() => testDatabase()));
