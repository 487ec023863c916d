import { storeFor, type Engine } from '../../../storage/engine.ts';
import { CustomerStore } from '../store.ts';
import { PgIndexWriter } from './postgres.ts';
import { SqliteIndexWriter } from './sqlite.ts';
import type { IndexWriter } from './types.ts';

/** The customer index's writing side on the engine that runs. */
export function createIndexWriter(engine: Engine, clock: () => Date): IndexWriter {
  return storeFor<IndexWriter>(engine, {
    sqlite: ({ db }) => new SqliteIndexWriter(new CustomerStore(db, clock)),
    postgres: (e) => new PgIndexWriter(e, clock),
  });
}

export type * from './types.ts';
