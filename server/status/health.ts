import type { Deps } from '../deps.ts';
import { createHealthStore, type HealthStore } from './store/index.ts';

export type Probe = { ok: boolean; latencyMs: number; error?: string; used?: false };

const HEALTH_TIMEOUT_MS = 3_000;
/**
 * Upstream answers are reused this long: a load balancer probing every few seconds must not
 * spend the merchant's shared rate limit (each probe is two Centra calls and one Gigs call).
 */
const UPSTREAM_PROBE_TTL_MS = 15_000;

async function probe(fn: () => Promise<unknown>): Promise<Probe> {
  const started = performance.now();
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS / 1000} s`)), HEALTH_TIMEOUT_MS).unref()),
    ]);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: (err as Error).message };
  }
}

/**
 * Whether each upstream the business uses and the database answer. Upstream answers are kept for
 * a few seconds, so probes cost at most three calls per UPSTREAM_PROBE_TTL_MS whoever asks; they
 * go in the staff queue, since a probe starved behind background work (a contract walk uses its
 * whole share) would report a healthy upstream as down. A system the business does not use
 * (UPSTREAMS) is reported as such, never called.
 */
export class HealthCheck {
  private upstreams: { at: number; value: Promise<{ gigs: Probe; centra: Probe }> } | null = null;
  private readonly store: HealthStore;

  constructor(private readonly deps: Pick<Deps, 'config' | 'engine' | 'gigs' | 'centra'>) {
    this.store = createHealthStore(deps.engine);
  }

  async check(now = Date.now()) {
    if (!this.upstreams || now - this.upstreams.at > UPSTREAM_PROBE_TTL_MS) this.upstreams = { at: now, value: this.probeUpstreams() };
    const { gigs, centra } = await this.upstreams.value;
    // Within the same time limit as the upstreams: a database that hangs is down.
    const db = { ok: (await probe(() => this.store.probe())).ok };
    return { ok: gigs.ok && centra.ok && db.ok, upstreams: { gigs, centra }, db };
  }

  /** This instance alone: its database answers (an upstream's outage is not the instance's). */
  async instance() {
    return { ok: (await probe(() => this.store.probe())).ok };
  }

  private async probeUpstreams() {
    const { used } = this.deps.config;
    const unused: Probe = { ok: true, latencyMs: 0, used: false };
    const [gigs, centra] = await Promise.all([
      used.gigs ? probe(() => this.deps.gigs.ping()) : unused,
      used.centra ? probe(() => this.deps.centra.ping()) : unused,
    ]);
    return { gigs, centra };
  }
}
