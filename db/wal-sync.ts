import { open, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type Database from 'better-sqlite3';

/**
 * Makes commits durable without holding the event loop. A transaction committed with
 * synchronous=NORMAL is in the WAL file (in the OS's cache) when it returns: it survives the
 * process being killed, not a power cut. `sync()` then flushes the WAL file to disk with
 * fdatasync on the thread pool, which is what synchronous=FULL does inside the commit, except
 * that the server goes on answering meanwhile. Whatever committed before `sync()` was called is
 * on disk when it resolves; callers that arrive while a flush is under way share the next one
 * (group commit), so a burst costs one flush at a time however many commits it makes.
 *
 * The WAL is `<database>-wal` for the whole life of the connection (SQLite truncates or reuses
 * it, it removes it only when the last connection closes). An in-memory database has none:
 * there `sync()` resolves at once.
 */
export class WalSync {
  private readonly walPath: string | null;
  private file: Promise<FileHandle> | null = null;
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  /** `flushFile`: how the WAL is flushed (tests hold it to see who waits for what). */
  constructor(
    sqlite: Database.Database,
    private readonly flushFile: (file: FileHandle) => Promise<void> = (file) => file.datasync(),
  ) {
    this.walPath = sqlite.memory ? null : `${resolve(sqlite.name)}-wal`;
  }

  sync(): Promise<void> {
    if (this.walPath === null) return Promise.resolve();
    if (this.queued) return this.queued;
    const running = this.running;
    if (!running) return this.flush();
    // The flush under way may have started before this caller's commit: the next one covers it.
    this.queued = running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.flush();
      });
    return this.queued;
  }

  async close() {
    await this.running?.catch(() => undefined);
    const file = this.file;
    this.file = null;
    await (await file?.catch(() => null))?.close();
  }

  private flush(): Promise<void> {
    const flushing = this.handle().then(this.flushFile);
    this.running = flushing;
    const done = () => {
      if (this.running === flushing) this.running = null;
    };
    flushing.then(done, done);
    return flushing;
  }

  private handle(): Promise<FileHandle> {
    if (!this.file) {
      const path = this.walPath!;
      this.file = (async () => {
        const file = await open(path, 'r');
        // The WAL's directory entry too, once: a file created since the last sync of its directory
        // could otherwise vanish with a power cut, whatever its contents.
        const dir = await open(dirname(path), 'r');
        await dir.sync().finally(() => dir.close());
        return file;
      })();
      // A failed open is tried again at the next sync.
      this.file.catch(() => (this.file = null));
    }
    return this.file;
  }
}
