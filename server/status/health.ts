import type { Deps } from '../deps.ts';

export type Probe = { ok: boolean; latencyMs: number; error?: string };

const HEALTH_TIMEOUT_MS = 3_000;

async function probe(fn: () => Promise<unknown>): Promise<Probe> {
  const started = performance.now();
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS / 1000} s`)), HEALTH_TIMEOUT_MS).unref())]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (err as Error).message };
  }
}

/** Pings both upstreams and the database in parallel. */
export async function checkHealth(deps: Deps) {
  const [gigs, centra] = await Promise.all([probe(() => deps.gigs.ping()), probe(() => deps.centra.ping())]);
  let db: { ok: boolean };
  try {
    deps.db.$client.prepare('SELECT 1').get();
    db = { ok: true };
  } catch {
    db = { ok: false };
  }
  return { ok: gigs.ok && centra.ok && db.ok, upstreams: { gigs, centra }, db };
}
