import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';
import { serveRequests } from '../server/customers/worker-client.ts';

/**
 * The WAL checkpointer's thread (db/checkpointer.ts): its own connection to the database, which
 * copies what the WAL holds into the database file and syncs both, while the main thread goes on
 * writing. PASSIVE: it never waits for a lock and never holds up a writer or a reader.
 */
const db = new Database(workerData.path as string);
db.pragma('synchronous = NORMAL');

type Checkpoint = { busy: number; log: number; checkpointed: number };

serveRequests(() => (db.pragma('wal_checkpoint(PASSIVE)') as Checkpoint[])[0]!);
