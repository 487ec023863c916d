import type { PlanDoc, Period, SimDoc } from './docs.ts';
import { addMonths, DAY_MS, iso } from './ids.ts';

/** When a period that starts at `startMs` ends under this plan's validity. */
export function periodEnd(plan: PlanDoc, startMs: number): number {
  const { value, unit } = plan.validity;
  return unit === 'month' ? addMonths(startMs, value) : startMs + value * DAY_MS;
}

/**
 * The period `nowMs` falls in for a subscription activated at `activatedMs`: recurring plans
 * roll over period after period; a one-time plan has only its first.
 */
export function currentPeriod(plan: PlanDoc, activatedMs: number, nowMs: number): Period {
  let number = 1;
  let start = activatedMs;
  if (plan.validity.type === 'recurring' && nowMs > activatedMs) {
    // Jump close to the right period, then step: months are of uneven length.
    const approx = plan.validity.unit === 'month' ? 30.44 * DAY_MS * plan.validity.value : plan.validity.value * DAY_MS;
    const skip = Math.max(0, Math.floor((nowMs - activatedMs) / approx) - 1);
    if (skip > 0) {
      number += skip;
      start = plan.validity.unit === 'month' ? addMonths(activatedMs, skip * plan.validity.value) : activatedMs + skip * approx;
    }
    while (periodEnd(plan, start) <= nowMs) {
      start = periodEnd(plan, start);
      number += 1;
    }
  }
  return { number, start: iso(start), end: iso(periodEnd(plan, start)) };
}

/** ICCIDs are 19 or 20 digits; the Gigs test range 8988307… keeps them unique per counter. */
export function iccidFor(counter: number, long: boolean): string {
  const base = `8988307${String(counter).padStart(12, '0')}`;
  return long ? base + String(counter % 10) : base;
}

export function simDoc(id: string, provider: string, iccid: string, type: SimDoc['type'], status: SimDoc['status'], createdAt: string): SimDoc {
  return { object: 'sim', id, type, iccid, provider, status, createdAt };
}
