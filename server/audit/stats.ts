import type { AuditStore } from './store/types.ts';
import { AUDIT_OUTCOMES } from '../vocabulary/outcomes.ts';

export type DayStats = { day: string; requested: number; succeeded: number; failed: number; denied: number; total: number };

const dayKey = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Entries per UTC day by outcome, one per app (server/services.ts). Finished days never change
 * (append-only, and time never goes backwards along the chain), so each is counted once per
 * process; only today is counted on every call.
 */
export class DailyStats {
  private readonly finishedDays = new Map<string, DayStats>();

  constructor(private readonly store: Pick<AuditStore, 'outcomeCounts'>) {}

  /** The last `days` days, oldest first. Each day is a count over the covering index (time, outcome), no table rows read. */
  async last(days: number, now: Date): Promise<DayStats[]> {
    const today = dayKey(now);
    const out: DayStats[] = [];
    for (let i = days - 1; i >= 0; i--) {
      const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - i));
      const day = dayKey(start);
      const cached = day !== today ? this.finishedDays.get(day) : undefined;
      if (cached) {
        out.push(cached);
        continue;
      }
      const end = new Date(start.getTime() + 86_400_000);
      const stats: DayStats = { day, requested: 0, succeeded: 0, failed: 0, denied: 0, total: 0 };
      for (const row of await this.store.outcomeCounts(start.toISOString(), end.toISOString())) {
        if (AUDIT_OUTCOMES.includes(row.outcome)) stats[row.outcome] = row.n;
        stats.total += row.n;
      }
      if (day !== today) this.finishedDays.set(day, stats);
      out.push(stats);
    }
    return out;
  }
}
