import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { BucketComputer } from './bucket-build.ts';
import { serveRequests } from './worker-client.ts';

/**
 * The build's second thread: reads stage buckets and the rows they change on its own read-only
 * connection, and computes each person (parse, merge, derive) while the main thread writes the
 * bucket before.
 */
const db = new Database((workerData as { dbPath: string }).dbPath, { readonly: true, fileMustExist: true });
db.pragma('cache_size = -65536');
const computer = new BucketComputer(db);

serveRequests((request: { bucket: number; fresh: boolean }) => computer.compute(request.bucket, request.fresh));
