import type { Context } from 'hono';
import type { GigsStore } from './store.ts';
import { malformed } from './errors.ts';
import type { EventDraft } from './webhooks/events.ts';

/** Mutations applied, by kind, for the reliability suite (an idempotent replay is not one). */
export class MutationStats {
  private readonly counts = new Map<string, number>();

  count(kind: string) {
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
  }

  snapshot(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }
}

/** What every route of the Gigs emulator works with. */
export type GigsCtx = {
  store: GigsStore;
  clock: () => Date;
  stats: MutationStats;
  publicBaseUrl: string;
  /** Sends the events of a committed change to the registered webhook endpoint (if any). */
  emit(events: EventDraft[]): void;
};

/** A JSON body, or 400 `malformed` when it does not parse (docs/upstreams.md, "Requests and errors"). */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (!text.trim()) throw malformed('The request body is empty; a JSON object was expected.');
  try {
    return JSON.parse(text);
  } catch {
    throw malformed('The request body is not valid JSON.');
  }
}
