import { chmodSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import type { ChainHead } from './entry.ts';
import { SyslogSender, syslogMessage, type SyslogTarget } from './syslog.ts';

/**
 * The audit log's head, kept outside the SQLite file (as CloudTrail keeps its digest files apart
 * from the logs): every signed checkpoint, the head at the first start, and so the head at every
 * clean shutdown (which writes a checkpoint), appended to a JSON-lines file opened with O_APPEND
 * and, when AUDIT_WITNESS_SYSLOG is set, sent to a syslog collector. Someone who can rewrite the
 * database can drop its triggers, cut its tail and delete the checkpoints that named it; the
 * log then verifies on its own, but not against the witness (verify.ts): it still names the seq
 * and hash the log reached. What it cannot catch is in the README (Reliability, audit log).
 */
export const witnessRecord = z.object({
  v: z.literal(1),
  /** `checkpoint`: a signed checkpoint as stored; `start`: the head when the witness was created. */
  kind: z.enum(['checkpoint', 'start']),
  seq: z.number().int().min(0),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  time: z.string(),
  keyId: z.string().optional(),
  prevSeq: z.number().int().min(0).optional(),
  signature: z.string().optional(),
});
export type WitnessRecord = z.infer<typeof witnessRecord>;

/** What verify compares the log with: the witness file as read before the log's snapshot. */
export type WitnessReading = {
  path: string;
  exists: boolean;
  records: WitnessRecord[];
  /** Line numbers (1-based) that are not witness records: an edited file. A torn last line is not counted. */
  unreadable: number[];
  syslog: string | null;
};

export function readWitness(path: string, syslog: SyslogTarget | null = null): WitnessReading {
  const file = resolve(path);
  const base = { path: file, syslog: syslog ? `udp://${syslog.host.includes(':') ? `[${syslog.host}]` : syslog.host}:${syslog.port}` : null };
  if (!existsSync(file)) return { ...base, exists: false, records: [], unreadable: [] };
  const lines = readFileSync(file, 'utf8').split('\n');
  const records: WitnessRecord[] = [];
  const unreadable: number[] = [];
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = null;
    }
    const record = witnessRecord.safeParse(parsed);
    if (record.success) records.push(record.data);
    // A crash in the middle of the very last write leaves a torn line without its newline.
    else if (i < lines.length - 1) unreadable.push(i + 1);
  });
  return { ...base, exists: true, records, unreadable };
}

export class AuditWitness {
  readonly path: string;
  private readonly syslog: SyslogSender | null;

  constructor(
    path: string,
    private readonly options: { syslog?: SyslogTarget | null; logger?: Logger; clock?: () => Date } = {},
  ) {
    this.path = resolve(path);
    this.syslog = options.syslog
      ? new SyslogSender(options.syslog, (err) => options.logger?.warn('audit witness: syslog send failed', { error: String(err) }))
      : null;
  }

  get syslogTarget(): SyslogTarget | null {
    return this.syslog?.target ?? null;
  }

  /**
   * Creates the witness on the first start (directory 0700, file 0600) with the log's head as it
   * is, so a log that existed before the witness is covered from here on; an existing file with
   * looser permissions is tightened.
   */
  start(head: ChainHead | undefined) {
    if (existsSync(this.path)) {
      if ((statSync(this.path).mode & 0o077) !== 0) chmodSync(this.path, 0o600);
      return;
    }
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    if (head) this.append({ v: 1, kind: 'start', seq: head.seq, hash: head.hash, time: head.time });
    else closeSync(openSync(this.path, 'a', 0o600));
  }

  /**
   * One line, appended (O_APPEND) and flushed to disk before returning; then to syslog. A witness
   * that cannot be written is logged, never thrown: the entries it follows are already committed,
   * and an action must not look failed because its witness could not be told.
   */
  append(record: WitnessRecord) {
    const line = JSON.stringify(record);
    try {
      const fd = openSync(this.path, 'a', 0o600);
      try {
        writeSync(fd, `${line}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      this.options.logger?.error('audit witness: could not append the checkpoint', { path: this.path, seq: record.seq, error: String(err) });
    }
    this.syslog?.send(syslogMessage(`audit-${record.kind}`, line, (this.options.clock ?? (() => new Date()))()));
  }

  /** Waits for syslog sends still under way (shutdown). */
  async close() {
    await this.syslog?.close();
  }
}
