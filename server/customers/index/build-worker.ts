import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { BucketComputer } from './bucket-build.ts';
import { serveRequests } from '../worker-client.ts';
import { sortPendingKeys } from './key-sort.ts';
import type { BuildRequest } from './bucket-source.ts';

/**
 * The build's second thread: reads stage buckets and the rows they change on its own read-only
 * connection, and computes each person (parse, merge, derive) while the main thread writes the
 * bucket before; at the end, sorts the new rows' keys into a scratch file.
 */
const { dbPath } = workerData as { dbPath: string };
const db = new Database(dbPath, { readonly: true, fileMustExist: true });
db.pragma('cache_size = -65536');
const computer = new BucketComputer(db);

serveRequests((request: BuildRequest) => (request.kind === 'bucket' ? computer.compute(request.bucket, request.fresh) : sortPendingKeys(dbPath)));
