import { connectSessionsStoreContract } from './helpers/contracts/connect-sessions.ts';
import { postgresUnderTest } from './helpers/contracts/instances.ts';
import { testDatabase } from './helpers/postgres.ts';

connectSessionsStoreContract(postgresUnderTest(() => testDatabase()));
