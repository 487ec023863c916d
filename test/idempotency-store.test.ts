import { idempotencyStoreContract } from './helpers/contracts/idempotency.ts';
import { sqliteUnderTest } from './helpers/contracts/instances.ts';

idempotencyStoreContract(sqliteUnderTest());
