import { WorkerClient } from '../worker-client.ts';
import type { BucketBuild, BucketComputer } from './bucket-build.ts';

/**
 * Where the builder gets computed buckets from; requests are answered in the order made. A worker
 * also sorts the new rows' keys into a scratch file (key-sort.ts) while the writer does other work.
 */
export type BucketSource = { get(bucket: number, fresh: boolean): Promise<BucketBuild>; sortPendingKeys?: () => Promise<void>; close(): Promise<void> };

/** What the build worker is asked: a bucket, or to sort the pending keys. */
export type BuildRequest = { kind: 'bucket'; bucket: number; fresh: boolean } | { kind: 'sortKeys' };

/** Computes on the calling thread (small builds, in-memory databases). */
export function inThreadBuckets(computer: BucketComputer): BucketSource {
  return {
    get: async (bucket, fresh) => computer.compute(bucket, fresh),
    close: async () => undefined,
  };
}

/**
 * Computes in a worker thread on its own connection to `dbPath`, so that parsing and deriving the
 * next bucket overlaps with writing this one (the writer stays on the main thread: one SQLite writer).
 */
export function workerBuckets(dbPath: string): BucketSource {
  const client = new WorkerClient<BuildRequest, BucketBuild | void>(new URL('./build-worker.ts', import.meta.url), {
    workerData: { dbPath },
    name: 'index build worker',
  });
  return {
    get: (bucket, fresh) => client.request({ kind: 'bucket', bucket, fresh }) as Promise<BucketBuild>,
    sortPendingKeys: () => client.request({ kind: 'sortKeys' }) as Promise<void>,
    close: () => client.close(),
  };
}
