import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import { WorkerClient } from '../server/customers/worker-client.ts';

type Checkpoint = { busy: number; log: number; checkpointed: number };

/** How often the WAL is looked at; a checkpoint follows when it was written to since the last one. */
const CHECK_EVERY_MS = 1_000;

/**
 * Moves the WAL checkpoints of the server's connection to a worker thread. SQLite checkpoints by
 * itself inside a commit once the WAL passes 1,000 pages: the committing thread then writes those
 * pages into the database file and waits for two fsyncs, and on the server's only thread that is
 * every request waiting (tens to hundreds of milliseconds at a time during a burst of webhooks).
 * Here the connection's automatic checkpoints are off, and once a second, when the WAL was written
 * since the last checkpoint, the worker's own connection checkpoints PASSIVE (never blocking a
 * writer or a reader). If the worker fails, the connection checkpoints by itself again.
 */
export class WalCheckpointer {
  private readonly walPath: string | null;
  private client: WorkerClient<null, Checkpoint> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private autoPages = 1_000;
  private lastWrite = 0;
  private checking = false;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly onError: (err: unknown) => void,
  ) {
    this.walPath = sqlite.memory ? null : `${resolve(sqlite.name)}-wal`;
  }

  start() {
    if (!this.walPath || this.client) return;
    this.client = new WorkerClient<null, Checkpoint>(new URL('./checkpoint-worker.ts', import.meta.url), {
      name: 'WAL checkpointer',
      workerData: { path: resolve(this.sqlite.name) },
    });
    this.autoPages = this.sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.sqlite.pragma('wal_autocheckpoint = 0');
    this.timer = setInterval(() => void this.check(), CHECK_EVERY_MS);
    this.timer.unref();
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    if (!client) return;
    this.sqlite.pragma(`wal_autocheckpoint = ${this.autoPages}`);
    await client.close();
  }

  /** Checkpoints now if the WAL was written since the last one; resolves when done (tests, shutdown). */
  async check(): Promise<void> {
    if (this.checking || !this.client || !this.walPath) return;
    this.checking = true;
    try {
      const written = (await stat(this.walPath).catch(() => null))?.mtimeMs ?? 0;
      if (written === this.lastWrite) return;
      await this.client.request(null);
      this.lastWrite = written;
    } catch (err) {
      // Without the worker the WAL would only grow: the connection checkpoints by itself again.
      if (this.client) {
        this.onError(err);
        await this.stop();
      }
    } finally {
      this.checking = false;
    }
  }
}
