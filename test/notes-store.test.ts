import { notesStoreContract } from './helpers/contracts/notes.ts';
import { sqliteUnderTest } from './helpers/contracts/instances.ts';

notesStoreContract(sqliteUnderTest());
