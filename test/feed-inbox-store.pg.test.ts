import { feedInboxContract } from './helpers/contracts/feed-inbox.ts';
import { postgresUnderTest } from './helpers/contracts/instances.ts';
import { testDatabase } from './helpers/postgres.ts';

feedInboxContract(postgresUnderTest(() => testDatabase()));
