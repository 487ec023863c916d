import { performance } from 'node:perf_hooks';
import type { KnownSubscription } from './workload.ts';

/**
 * The load suites' request mix (test/reliability/load.long.ts, two-instances.long.ts), as
 * autocannon requests: 70% searches, 20% customer pages, 10% Centra status changes. Each client
 * owns one active or paused subscription and toggles it, so actions never race each other.
 */
export type Kind = 'search' | 'customer' | 'action';
export type Sample = { kind: Kind; status: number; ms: number; requestId?: string; servedBy?: string; at: number };
type Ctx = { kind?: Kind; sentAt?: number; sub?: KnownSubscription };

export function loadMix(args: { terms: string[]; ids: string[]; subs: KnownSubscription[]; samples: Sample[] }) {
  const { terms, ids, subs, samples } = args;
  let nextSub = 0;
  const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  // setupRequest/onResponse are autocannon's; bench/lib/autocannon.d.ts declares only what the bench uses.
  return [
    {
      setupRequest: (req: Record<string, unknown>, context: Ctx) => {
        const r = Math.random();
        context.sentAt = performance.now();
        if (r < 0.7) {
          context.kind = 'search';
          return {
            ...req,
            method: 'GET',
            path: `/api/customers?filter=${encodeURIComponent(JSON.stringify({ q: pick(terms) }))}&range=${encodeURIComponent('[0,24]')}`,
            body: undefined,
          };
        }
        if (r < 0.9) {
          context.kind = 'customer';
          return { ...req, method: 'GET', path: `/api/customers/${pick(ids)}`, body: undefined };
        }
        context.kind = 'action';
        context.sub ??= subs[nextSub++ % subs.length]!;
        const status = context.sub.status === 'active' ? 'paused' : 'active';
        return {
          ...req,
          method: 'POST',
          path: `/api/centra-subscriptions/${context.sub.id}/status`,
          headers: { ...(req.headers as Record<string, string>), 'content-type': 'application/json' },
          body: JSON.stringify({ status, reason: { code: 'customer_request', text: 'load test' } }),
        };
      },
      onResponse: (status: number, _body: string, context: Ctx, headers: Record<string, string>) => {
        const kind = context.kind!;
        samples.push({
          kind,
          status,
          ms: performance.now() - context.sentAt!,
          requestId: headers['x-request-id'],
          servedBy: headers['x-served-by'],
          at: Date.now(),
        });
        // The client's own subscription changed, or was already where it wanted it: flip what it believes.
        if (kind === 'action' && context.sub && (status === 200 || status === 409)) context.sub.status = context.sub.status === 'active' ? 'paused' : 'active';
      },
    },
  ];
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0);

/** p50, p99 and the slowest answer (ms), of one kind of request or of all. */
export function latencyOf(samples: Sample[], kind?: Kind) {
  const ms = samples
    .filter((s) => !kind || s.kind === kind)
    .map((s) => s.ms)
    .sort((a, b) => a - b);
  return { p50: Math.round(percentile(ms, 50)), p99: Math.round(percentile(ms, 99)), max: Math.round(ms.at(-1) ?? 0) };
}

/** How many answers of each HTTP status one kind of request got. */
export const statusesOf = (samples: Sample[], kind: Kind) =>
  samples.filter((s) => s.kind === kind).reduce<Record<number, number>>((acc, s) => ((acc[s.status] = (acc[s.status] ?? 0) + 1), acc), {});
