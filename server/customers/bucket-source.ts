import { Worker } from 'node:worker_threads';
import type { BucketBuild, BucketComputer } from './bucket-build.ts';

/** Where the builder gets computed buckets from; requests are answered in the order made. */
export type BucketSource = { get(bucket: number, fresh: boolean): Promise<BucketBuild>; close(): Promise<void> };

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
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { entry: new URL('./build-worker.ts', import.meta.url).href, dbPath },
    execArgv: [],
  });
  const waiting: { resolve: (b: BucketBuild) => void; reject: (e: Error) => void }[] = [];
  let failed: Error | null = null;
  const failAll = (err: Error) => {
    failed ??= err;
    for (const w of waiting.splice(0)) w.reject(failed);
  };
  worker.on('message', (m: { build?: BucketBuild; error?: string }) => {
    const next = waiting.shift();
    if (m.build) next?.resolve(m.build);
    else next?.reject(new Error(`the index build worker failed: ${m.error}`));
  });
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`the index build worker exited (${code})`)));
  return {
    get(bucket, fresh) {
      if (failed) return Promise.reject(failed);
      return new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage({ bucket, fresh });
      });
    },
    async close() {
      failed ??= new Error('the index build worker was closed');
      await worker.terminate();
    },
  };
}
