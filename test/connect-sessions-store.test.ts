import { connectSessionsStoreContract } from './helpers/contracts/connect-sessions.ts';
import { sqliteUnderTest } from './helpers/contracts/instances.ts';

connectSessionsStoreContract(sqliteUnderTest());
