import { feedInboxContract } from './helpers/contracts/feed-inbox.ts';
import { sqliteUnderTest } from './helpers/contracts/instances.ts';

feedInboxContract(sqliteUnderTest());
