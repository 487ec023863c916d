import type { Db } from '../../../db/connection.ts';

export type CrawlKind = 'full' | 'incremental';
export type PhaseName = 'gigs.users' | 'gigs.subscriptions' | 'centra.customers' | 'centra.contracts';
export const PHASES: PhaseName[] = ['gigs.users', 'gigs.subscriptions', 'centra.customers', 'centra.contracts'];

export type PhaseState = { phase: PhaseName; runId: number; cursor: unknown; done: boolean; items: number };

export type CrawlRun = {
  id: number;
  kind: CrawlKind;
  status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  counts: Record<string, number>;
  errors: Record<string, string>;
};

type RunRow = {
  id: number;
  kind: CrawlKind;
  status: CrawlRun['status'];
  started_at: string;
  finished_at: string | null;
  duration_ms: number | null;
  counts: string | null;
  errors: string | null;
};

const toRun = (r: RunRow): CrawlRun => ({
  id: r.id,
  kind: r.kind,
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms,
  counts: r.counts ? JSON.parse(r.counts) : {},
  errors: r.errors ? JSON.parse(r.errors) : {},
});

/**
 * The crawl's memory across restarts: crawl_runs records every crawl for the status page,
 * crawl_state keeps each phase's cursor, written in the same transaction as the page it follows,
 * so a crash resumes at the first page not yet committed.
 */
export class CrawlLedger {
  constructor(private readonly db: Db) {}

  /** Crawls that were running when the process died are marked interrupted (called on start). */
  markInterrupted(now: string) {
    this.db.$client
      .prepare(
        `UPDATE crawl_runs SET status = 'interrupted', finished_at = ?, errors = coalesce(errors, '{"crawl":"subdesk stopped during the crawl; the next crawl resumes it"}') WHERE status = 'running'`,
      )
      .run(now);
  }

  /** Phases of an earlier crawl that did not finish, if any: the next crawl resumes them. */
  unfinished(): { kind: CrawlKind; phases: PhaseState[] } | null {
    const rows = this.phases();
    if (!rows.length || rows.every((p) => p.done)) return null;
    const run = this.run(rows[0]!.runId);
    return { kind: run?.kind ?? 'full', phases: rows };
  }

  phases(): PhaseState[] {
    const rows = this.db.$client.prepare('SELECT phase, run_id, cursor, done, items FROM crawl_state').all() as {
      phase: PhaseName;
      run_id: number;
      cursor: string | null;
      done: number;
      items: number;
    }[];
    return rows.map((r) => ({ phase: r.phase, runId: r.run_id, cursor: r.cursor ? JSON.parse(r.cursor) : null, done: Boolean(r.done), items: r.items }));
  }

  begin(kind: CrawlKind, now: string, resume: boolean): number {
    const s = this.db.$client;
    return s
      .transaction(() => {
        const { id } = s.prepare(`INSERT INTO crawl_runs (kind, status, started_at) VALUES (?, 'running', ?) RETURNING id`).get(kind, now) as { id: number };
        if (resume) s.prepare('UPDATE crawl_state SET run_id = ?, updated_at = ?').run(id, now);
        else {
          s.prepare('DELETE FROM crawl_state').run();
          const ins = s.prepare('INSERT INTO crawl_state (phase, run_id, cursor, done, items, updated_at) VALUES (?, ?, NULL, 0, 0, ?)');
          for (const p of PHASES) ins.run(p, id, now);
        }
        return id;
      })
      .immediate();
  }

  /** Saves a phase's progress; call inside the transaction that wrote the page. */
  checkpoint(phase: PhaseName, cursor: unknown, items: number, now: string, done = false) {
    this.db.$client
      .prepare('UPDATE crawl_state SET cursor = ?, items = ?, done = ?, updated_at = ? WHERE phase = ?')
      .run(cursor == null ? null : JSON.stringify(cursor), items, done ? 1 : 0, now, phase);
  }

  /** A phase whose last pages were already saved read nothing more: it is done. */
  markDone(phase: PhaseName) {
    this.db.$client.prepare('UPDATE crawl_state SET done = 1 WHERE phase = ?').run(phase);
  }

  finish(
    id: number,
    fields: { status: CrawlRun['status']; finishedAt: string; durationMs: number; counts: Record<string, number>; errors: Record<string, string> },
  ) {
    this.db.$client
      .prepare('UPDATE crawl_runs SET status = ?, finished_at = ?, duration_ms = ?, counts = ?, errors = ? WHERE id = ?')
      .run(
        fields.status,
        fields.finishedAt,
        fields.durationMs,
        JSON.stringify(fields.counts),
        Object.keys(fields.errors).length ? JSON.stringify(fields.errors) : null,
        id,
      );
  }

  run(id: number): CrawlRun | null {
    const r = this.db.$client.prepare('SELECT * FROM crawl_runs WHERE id = ?').get(id) as RunRow | undefined;
    return r ? toRun(r) : null;
  }

  last(): CrawlRun | null {
    const r = this.db.$client.prepare('SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1').get() as RunRow | undefined;
    return r ? toRun(r) : null;
  }

  lastSucceeded(): CrawlRun | null {
    const r = this.db.$client.prepare(`SELECT * FROM crawl_runs WHERE status = 'succeeded' ORDER BY id DESC LIMIT 1`).get() as RunRow | undefined;
    return r ? toRun(r) : null;
  }
}
