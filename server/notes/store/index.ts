import { storeFor, type Engine } from '../../storage/engine.ts';
import { postgresNotesStore } from './postgres.ts';
import { sqliteNotesStore } from './sqlite.ts';

export type { NewNote, NoteRow, NotesStore } from './types.ts';

export const createNotesStore = (engine: Engine) => storeFor(engine, { sqlite: sqliteNotesStore, postgres: postgresNotesStore });
