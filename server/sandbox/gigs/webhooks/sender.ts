import { randomInt } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { newId } from '../ids.ts';
import type { GigsEventDoc } from './events.ts';

/** Where deliveries go: the endpoint registered "in the Gigs dashboard", and its signing secret. */
export type WebhookEndpoint = { url: string; secret: string };

/**
 * Test switches for deliveries (not Gigs features, but what Gigs' delivery allows): `shuffleMs`
 * holds deliveries that long and sends them in random order; `duplicate` (0 to 1) is the share
 * of deliveries sent twice; `paused` holds everything until switched off.
 */
export type DeliveryFaults = { shuffleMs?: number; duplicate?: number; paused?: boolean };

/** Svix's retry schedule (docs/upstreams.md, "Webhooks": retried for days): at once, then these waits; then given up. */
export const SVIX_RETRY_MS = [5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000];

/**
 * Deliveries in flight at once. Svix documents no limit per endpoint (only an optional rate per
 * second), so this is the emulator's choice; the feeds benchmark sends its burst with as many.
 */
export const DELIVERIES_IN_FLIGHT = 32;
const DELIVERY_TIMEOUT_MS = 15_000;

type Message = { id: string; body: string; attempt: number };

/**
 * Delivers the emulator's events as Gigs does through Svix: a POST of the event to the registered
 * URL with `webhook-id` (the same on every retry), `webhook-timestamp` and `webhook-signature`
 * (Standard Webhooks, signed with the standardwebhooks package), at least once, in parallel and
 * so in no guaranteed order; anything but a 2xx is retried on Svix's schedule. Kept in memory:
 * deliveries still waiting when the process stops are lost, as after an endpoint Gigs disabled.
 */
export class GigsWebhookSender {
  private endpoint: { url: string; signer: Webhook } | null = null;
  private faults: DeliveryFaults = {};
  private ready: Message[] = [];
  private held: Message[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private inFlight = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  readonly counts = { sent: 0, delivered: 0, failedAttempts: 0, givenUp: 0 };

  constructor(private readonly retryMs: number[] = SVIX_RETRY_MS) {}

  register(endpoint: WebhookEndpoint | null) {
    this.endpoint = endpoint ? { url: endpoint.url, signer: new Webhook(endpoint.secret) } : null;
  }

  get registeredUrl(): string | null {
    return this.endpoint?.url ?? null;
  }

  setFaults(faults: DeliveryFaults) {
    this.faults = { ...faults };
    if (!faults.paused && !faults.shuffleMs) this.release();
  }

  /** Queues the events of one committed change (nothing when no endpoint is registered). */
  send(events: GigsEventDoc[]) {
    if (!this.endpoint || this.stopped) return;
    for (const event of events) {
      const message = { id: newId('msg'), body: JSON.stringify(event), attempt: 0 };
      this.counts.sent++;
      const copies = this.faults.duplicate && Math.random() < this.faults.duplicate ? 2 : 1;
      for (let i = 0; i < copies; i++) this.enqueue({ ...message });
    }
  }

  /** Resolves when nothing is in flight, held or waiting for a retry (tests). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  stop() {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.ready = [];
    this.held = [];
    this.notifyIdle();
  }

  private isIdle() {
    return this.inFlight === 0 && !this.ready.length && !this.held.length && !this.timers.size;
  }

  private notifyIdle() {
    if (!this.isIdle()) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private enqueue(m: Message) {
    if (this.faults.paused || this.faults.shuffleMs) {
      const first = !this.held.length;
      this.held.push(m);
      if (first && this.faults.shuffleMs && !this.faults.paused) this.later(() => this.release(), this.faults.shuffleMs);
      return;
    }
    this.ready.push(m);
    this.pump();
  }

  /** Sends what was held, in random order. */
  private release() {
    if (this.faults.paused) return;
    const held = this.held;
    this.held = [];
    for (let i = held.length - 1; i > 0; i--) {
      const j = randomInt(0, i + 1);
      [held[i], held[j]] = [held[j]!, held[i]!];
    }
    this.ready.push(...held);
    this.pump();
  }

  private later(fn: () => void, ms: number) {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
      this.notifyIdle();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private pump() {
    while (this.inFlight < DELIVERIES_IN_FLIGHT && this.ready.length && !this.stopped) {
      const m = this.ready.shift()!;
      this.inFlight++;
      void this.deliver(m).finally(() => {
        this.inFlight--;
        this.pump();
        this.notifyIdle();
      });
    }
  }

  private async deliver(m: Message) {
    const endpoint = this.endpoint;
    if (!endpoint) return;
    const now = new Date();
    let ok = false;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'webhook-id': m.id,
          'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
          'webhook-signature': endpoint.signer.sign(m.id, now, m.body),
        },
        body: m.body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      await res.arrayBuffer().catch(() => undefined);
      ok = res.status >= 200 && res.status < 300;
    } catch {
      ok = false;
    }
    if (ok) {
      this.counts.delivered++;
      return;
    }
    this.counts.failedAttempts++;
    const wait = this.retryMs[m.attempt];
    if (wait === undefined || this.stopped) {
      this.counts.givenUp++;
      return;
    }
    this.later(() => this.enqueue({ ...m, attempt: m.attempt + 1 }), wait);
  }
}
