// A worker does not inherit `--import tsx` from the main thread: register it, then load the worker.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
