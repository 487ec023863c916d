import { healthStoreContract } from './helpers/contracts/health.ts';
import { sqliteUnderTest } from './helpers/contracts/instances.ts';

healthStoreContract(sqliteUnderTest());
