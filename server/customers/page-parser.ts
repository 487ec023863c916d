import { Worker } from 'node:worker_threads';
import type { CrawlList, StagedPage } from './crawl-pages.ts';
import { MalformedAnswer } from '../upstream/http.ts';

/** A parser thread with nothing to do for this long is stopped (the next page starts another). */
const IDLE_MS = 30_000;

/**
 * Parses crawl pages in a worker thread (server/customers/page-worker.ts), started on the first
 * page and stopped when idle. Answers in any order, matched by request id. It never keeps the
 * process alive.
 */
export class PageParser {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (p: StagedPage) => void; reject: (e: Error) => void }>();
  private idle: NodeJS.Timeout | null = null;

  parse(list: CrawlList, bytes: ArrayBuffer): Promise<StagedPage> {
    const worker = this.start();
    const id = this.nextId++;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, list, bytes }, [bytes]);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (this.idle) clearTimeout(this.idle);
    this.fail(new Error('the crawl page parser was stopped'));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { entry: new URL('./page-worker.ts', import.meta.url).href },
      execArgv: [],
    });
    worker.unref();
    worker.on('message', (m: { id: number; page?: StagedPage; malformed?: string; error?: string }) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.page) w?.resolve(m.page);
      else w?.reject(m.malformed !== undefined ? new MalformedAnswer(m.malformed) : new Error(`the crawl page parser failed: ${m.error}`));
      if (!this.waiting.size && this.worker === worker) {
        this.idle = setTimeout(() => void this.close(), IDLE_MS);
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
    worker.on('exit', (code) => gone(new Error(`the crawl page parser exited (${code})`)));
    return (this.worker = worker);
  }

  private fail(err: Error) {
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }
}
