import { parentPort, Worker } from 'node:worker_threads';

/** What a worker answers to request `id`: its result, or why it failed (the error's name and message). */
type Answer<Res> = { id: number; result: Res } | { id: number; failure: { name: string; message: string; stack?: string } };

/**
 * A worker thread (a TypeScript module, booted by worker-boot.mjs) asked questions by id: answers
 * may come in any order. Started on the first request; with `idleMs`, stopped when idle that long
 * (the next request starts another). Never keeps the process alive. A failure inside the worker
 * rejects its request with an Error of the same name and message (its stack as the cause).
 */
export class WorkerClient<Req, Res> {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (r: Res) => void; reject: (e: Error) => void }>();
  private idle: NodeJS.Timeout | null = null;

  constructor(
    private readonly entry: URL,
    private readonly opts: { workerData?: Record<string, unknown>; idleMs?: number; name: string },
  ) {}

  request(req: Req, transfer: ArrayBuffer[] = []): Promise<Res> {
    const worker = this.start();
    const id = this.nextId++;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, req }, transfer);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (this.idle) clearTimeout(this.idle);
    this.fail(new Error(`the ${this.opts.name} was stopped`));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { ...this.opts.workerData, entry: this.entry.href },
      execArgv: [],
    });
    worker.unref();
    worker.on('message', (a: Answer<Res>) => {
      const w = this.waiting.get(a.id);
      this.waiting.delete(a.id);
      if ('result' in a) w?.resolve(a.result);
      else w?.reject(Object.assign(new Error(a.failure.message, { cause: a.failure.stack }), { name: a.failure.name }));
      if (this.opts.idleMs && !this.waiting.size && this.worker === worker) {
        this.idle = setTimeout(() => void this.close(), this.opts.idleMs);
        this.idle.unref();
      }
    });
    // Only this worker's end fails what is waiting: an idle one stopped earlier may exit late.
    const gone = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.fail(err);
    };
    worker.on('error', gone);
    worker.on('exit', (code) => gone(new Error(`the ${this.opts.name} exited (${code})`)));
    return (this.worker = worker);
  }

  private fail(err: Error) {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}

/** The worker side: answers each request with `handle`'s result, or its error's name and message. */
export function serveRequests<Req, Res>(handle: (req: Req) => Res) {
  parentPort!.on('message', ({ id, req }: { id: number; req: Req }) => {
    let answer: Answer<Res>;
    try {
      answer = { id, result: handle(req) };
    } catch (err) {
      answer = { id, failure: err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : { name: 'Error', message: String(err) } };
    }
    parentPort!.postMessage(answer);
  });
}
