import type { AuditInput } from './log.ts';
import type { AuditTrail } from './trail.ts';
import type { Logger } from '../logger.ts';

/**
 * How long one entry may stand for repeated requests: a customer page and its tabs read within
 * moments, a search typed letter by letter, a client hammering routes it may not use. One entry
 * per window says all an auditor needs, where one per request buried the meaningful ones (and let
 * anyone fill the append-only log).
 */
export const AUDIT_WINDOW_MS = 60_000;

/** Open folded windows kept in memory at most; past it the oldest are written early. */
export const MAX_OPEN_WINDOWS = 10_000;

/** How often windows whose minute has ended are written. */
const SWEEP_EVERY_MS = 1_000;

type Folded<S> = { opensAt: number; state: S; toEntry: (state: S, window: AuditWindowSpan) => AuditInput };

/** The span a folded entry covers, for its `request` or `after`. */
export type AuditWindowSpan = { from: string; to: string };

/**
 * The one mechanism behind entries that stand for many requests, per key (who, what) and window:
 *
 * - `once`: the first request of a window writes its entry at once, and the answer waits until
 *   it is on disk; repeats within the window write nothing. For reads that repeat the same thing
 *   (`customer.view`: the same member, customer and target).
 * - `fold`: every request is folded into one summary per key and window, written as one entry
 *   when the window ends (a sweep every second), when memory would pass MAX_OPEN_WINDOWS, and by
 *   `close()` at shutdown, so a clean stop loses nothing. For requests that differ but belong
 *   together (anonymous denials per address, a member's searches); a crash loses at most the
 *   windows still open.
 *
 * Built once per app (server/bootstrap.ts); nothing here is module-level state.
 */
export class AuditWindows {
  private readonly seen = new Map<string, number>();
  private readonly open = new Map<string, Folded<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  private readonly windowMs: number;
  private readonly maxOpen: number;

  constructor(
    private readonly audit: AuditTrail,
    private readonly clock: () => Date,
    private readonly options: { windowMs?: number; maxOpen?: number; logger?: Logger } = {},
  ) {
    this.windowMs = options.windowMs ?? AUDIT_WINDOW_MS;
    this.maxOpen = options.maxOpen ?? MAX_OPEN_WINDOWS;
  }

  /**
   * Writes the entry unless one with this key was written within the window. The key is
   * remembered before the write, so two requests at once still make one entry; a failed write
   * forgets it again.
   */
  async once(key: string, write: () => Promise<unknown>): Promise<void> {
    const now = this.clock().getTime();
    const last = this.seen.get(key);
    if (last !== undefined && now - last < this.windowMs) return;
    // Forget what is past the window, so the map stays as small as the last minute's traffic.
    if (this.seen.size > 1000) for (const [k, at] of this.seen) if (now - at >= this.windowMs) this.seen.delete(k);
    this.seen.set(key, now);
    try {
      await write();
    } catch (err) {
      this.seen.delete(key);
      throw err;
    }
  }

  /**
   * Folds one request into the open window of `key` (opened with `start()` when there is none or
   * it has ended). `toEntry` turns the window's state into its one entry when it is written.
   */
  fold<S>(key: string, start: () => S, add: (state: S) => void, toEntry: (state: S, window: AuditWindowSpan) => AuditInput): void {
    const now = this.clock().getTime();
    let window = this.open.get(key) as Folded<S> | undefined;
    if (window && now - window.opensAt >= this.windowMs) {
      void this.write([[key, window as Folded<unknown>]]);
      window = undefined;
    }
    if (!window) {
      if (this.open.size >= this.maxOpen) void this.write([...this.open].slice(0, Math.ceil(this.maxOpen / 10)));
      window = { opensAt: now, state: start(), toEntry };
      this.open.set(key, window as Folded<unknown>);
      this.startSweeping();
    }
    add(window.state);
  }

  /** Writes every window whose time has ended; answers how many entries that made once they are committed. */
  flushDue(): Promise<number> {
    const now = this.clock().getTime();
    const due = [...this.open].filter(([, w]) => now - w.opensAt >= this.windowMs);
    return this.write(due);
  }

  /** Writes every open window, ended or not (shutdown), and stops the sweep. */
  close(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    return this.write([...this.open]);
  }

  /** Windows still open, for tests and the status of a running server. */
  get openWindows(): number {
    return this.open.size;
  }

  private startSweeping() {
    if (this.timer) return;
    this.timer = setInterval(() => void this.flushDue(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  /**
   * All in one durable transaction: one disk flush however many windows end together. The windows
   * leave the map at once, so a window written meanwhile is never written twice; a failure is
   * logged (the requests they stand for were answered long ago) and never rejects.
   */
  private async write(windows: [string, Folded<unknown>][]): Promise<number> {
    if (!windows.length) return 0;
    for (const [key] of windows) this.open.delete(key);
    const entries = windows.map(([, w]) =>
      w.toEntry(w.state, { from: new Date(w.opensAt).toISOString(), to: new Date(Math.min(this.clock().getTime(), w.opensAt + this.windowMs)).toISOString() }),
    );
    const written = this.audit.appendBatch(entries);
    if (!this.open.size && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    try {
      await written;
    } catch (err) {
      this.options.logger?.error('audit: folded entries could not be written', {
        entries: entries.length,
        actions: [...new Set(entries.map((e) => e.action))],
        error: String(err),
      });
      return 0;
    }
    return entries.length;
  }
}
