import { notesStoreContract } from './helpers/contracts/notes.ts';
import { postgresUnderTest } from './helpers/contracts/instances.ts';
import { testDatabase } from './helpers/postgres.ts';

notesStoreContract(postgresUnderTest(() => testDatabase()));
