import { idempotencyStoreContract } from './helpers/contracts/idempotency.ts';
import { postgresUnderTest } from './helpers/contracts/instances.ts';
import { testDatabase } from './helpers/postgres.ts';

idempotencyStoreContract(postgresUnderTest(() => testDatabase()));
