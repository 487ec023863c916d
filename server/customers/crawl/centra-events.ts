import type { Db } from '../../../db/connection.ts';
import type { Logger } from '../../logger.ts';
import type { CentraEvent, CentraEventsClient, EventsPlan } from '../../upstream/centra-events.ts';
import { inBackground } from '../../upstream/priority.ts';
import { UpstreamError } from '../../upstream/errors.ts';
import { crawlCentraContract } from './crawl-schemas.ts';
import { centraContract } from './crawl-pages.ts';
import { contractFacts } from '../index/facts.ts';
import { emailKey } from '../normalise.ts';
import type { CustomerStore } from '../index/store.ts';
import type { CentraFacts } from '../types.ts';

export type CentraFeedStatus = {
  /** `on`: events are applied; `off`: this deployment has no Integration API; `unavailable`: Centra said no (reason). */
  state: 'on' | 'off' | 'unavailable' | 'starting';
  reason: string | null;
  notes: string[];
  intervalSeconds: number;
  lastPollAt: string | null;
  /** The newest event applied (Centra's time) and when subdesk applied it. */
  lastEventAt: string | null;
  lastAppliedAt: string | null;
  appliedSinceStart: number;
  /** A poll answered a full page: more are waiting. */
  backlog: boolean;
  error: string | null;
};

/** How often a deployment whose Centra said no asks again (a token's permissions may be fixed meanwhile). */
const RECHECK_MS = 60 * 60_000;

/**
 * Centra's change feed, when the Integration API offers it (server/upstream/centra-events.ts): every
 * CENTRA_EVENTS_INTERVAL_SECONDS the oldest unconfirmed events are read, each object's state is
 * written into the index (an event carries the object as it is now, so applying it twice or late
 * changes nothing), and only then are they confirmed; a crash in between brings them back. A full
 * page is followed by the next at once. When Centra says no (no Events system, no permission),
 * the status page says why and the scheduled incremental crawls carry on as the fallback.
 */
export class CentraEventsFeed {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;
  private plan: EventsPlan | null = null;
  private planAt = 0;
  private readonly st: CentraFeedStatus;
  private readonly q;

  constructor(
    private readonly db: Db,
    private readonly store: CustomerStore,
    private readonly client: CentraEventsClient | null,
    private readonly opts: { clock: () => Date; logger?: Logger; intervalSeconds: number },
  ) {
    this.st = {
      state: client ? 'starting' : 'off',
      reason: client ? null : 'no Integration API is configured (CENTRA_INTEGRATION_API_URL and _TOKEN): incremental crawls of the Order API instead',
      notes: [],
      intervalSeconds: opts.intervalSeconds,
      lastPollAt: null,
      lastEventAt: null,
      lastAppliedAt: null,
      appliedSinceStart: 0,
      backlog: false,
      error: null,
    };
    const s = db.$client;
    this.q = {
      byCustomerId: s.prepare('SELECT email_key AS key FROM customers WHERE centra_customer_id = ?'),
      byKey: s.prepare('SELECT DISTINCT c.email_key AS key, c.centra FROM customer_keys k JOIN customers c ON c.seq = k.seq WHERE k.key = ? LIMIT 20'),
      facts: s.prepare('SELECT centra FROM customers WHERE email_key = ?').pluck(),
    };
  }

  status(): CentraFeedStatus {
    return { ...this.st, notes: [...this.st.notes] };
  }

  /** Whether the feed keeps the index fresh (the crawl can then be a daily reconciliation). */
  get on() {
    return this.st.state === 'on';
  }

  /** Starts polling; again after stop() when this instance regains the background lease (server/background.ts). */
  start() {
    this.stopped = false;
    if (!this.client) return;
    const tick = () => {
      if (this.stopped) return;
      this.running = this.pollOnce().finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(tick, this.st.backlog ? 0 : this.opts.intervalSeconds * 1000).unref();
      });
    };
    tick();
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One poll: plan if needed, read a page, apply it, confirm it. Errors are recorded, never thrown. */
  async pollOnce(): Promise<number> {
    if (!this.client) return 0;
    try {
      return await inBackground(async () => {
        const now = this.opts.clock().getTime();
        if (!this.plan || (!this.plan.available && now - this.planAt > RECHECK_MS)) {
          this.plan = await this.client!.plan();
          this.planAt = now;
          this.st.state = this.plan.available ? 'on' : 'unavailable';
          this.st.reason = this.plan.available ? null : this.plan.reason;
          this.st.notes = this.plan.available ? this.plan.notes : [];
          if (this.plan.available) this.opts.logger?.info('Centra events are applied to the customer index', { notes: this.plan.notes });
          else this.opts.logger?.warn(`Centra events cannot be used: ${this.plan.reason}; incremental crawls keep the index fresh instead`);
        }
        if (!this.plan.available) return 0;
        const events = await this.client!.poll(this.plan);
        this.st.lastPollAt = this.opts.clock().toISOString();
        this.apply(events);
        await this.client!.confirm(
          this.plan,
          events.map((e) => e.id),
        );
        this.st.backlog = this.plan.pageSize > 0 && events.length >= this.plan.pageSize;
        this.st.error = null;
        if (events.length) {
          this.st.appliedSinceStart += events.length;
          this.st.lastAppliedAt = this.opts.clock().toISOString();
          this.st.lastEventAt = events.at(-1)!.createdAt ?? this.st.lastEventAt;
        }
        return events.length;
      });
    } catch (err) {
      this.st.error = err instanceof UpstreamError ? `Centra: ${err.message}` : String(err);
      this.st.backlog = false;
      // A permission taken away meanwhile: ask the schema again next time.
      if (err instanceof UpstreamError && err.details.fieldErrors?.graphql) this.plan = null;
      this.opts.logger?.warn('Centra events poll failed; trying again at the next interval', { error: this.st.error });
      return 0;
    }
  }

  /** Writes what the events say into the index, in one transaction (then they may be confirmed). */
  apply(events: CentraEvent[]) {
    const touched = new Set<string>();
    this.db.$client
      .transaction(() => {
        for (const e of events) for (const key of this.applyOne(e)) touched.add(key);
        for (const key of touched) this.store.buildKey(key);
      })
      .immediate();
  }

  private applyOne(e: CentraEvent): string[] {
    const gone = e.changeType === 'DELETED' || !e.object;
    if (e.objectType === 'Customer') return gone ? this.forgetCustomer(e.objectReference) : this.customer(e.object!);
    if (e.objectType === 'SubscriptionContract') return gone ? this.dropContract(e.objectReference) : this.contract(e.object!);
    if (e.objectType === 'Subscription') {
      if (gone) return this.dropSubscription(e.objectReference);
      const contract = (e.object as { contract?: unknown }).contract;
      return contract ? this.contract(contract as Record<string, unknown>) : [];
    }
    return [];
  }

  private set(key: string, update: (cur: CentraFacts | undefined) => CentraFacts | null) {
    this.store.merge('centra', new Map([[key, update]]));
  }

  /** A customer as Centra has them now; a changed e-mail moves their Centra facts to the new person. */
  private customer(o: Record<string, unknown>): string[] {
    const id = String(o.id);
    const email = typeof o.email === 'string' ? o.email : '';
    if (!email) return [];
    const key = emailKey(email);
    let moved: CentraFacts['k'] = {};
    const touched = [key];
    for (const { key: old } of this.q.byCustomerId.all(id) as { key: string }[]) {
      if (old === key) continue;
      const had = this.facts(old);
      moved = { ...moved, ...(had?.k ?? {}) };
      this.set(old, () => null);
      touched.push(old);
    }
    const text = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
    this.set(key, (cur) => ({
      ...(cur ?? { k: {} }),
      c: id,
      e: email,
      f: text(o.firstName) ?? cur?.f ?? null,
      l: text(o.lastName) ?? cur?.l ?? null,
      p: text(o.phoneNumber) ?? cur?.p ?? null,
      k: { ...moved, ...(cur?.k ?? {}) },
    }));
    return touched;
  }

  private forgetCustomer(id: string): string[] {
    const keys = (this.q.byCustomerId.all(id) as { key: string }[]).map((r) => r.key);
    for (const key of keys) this.set(key, () => null);
    return keys;
  }

  /** A contract as Centra has it now, on its customer's row (and off any other row that had it). */
  private contract(o: Record<string, unknown>): string[] {
    const parsed = crawlCentraContract.safeParse(o);
    if (!parsed.success)
      throw new UpstreamError('centra', 'malformed', `Centra sent an event's contract subdesk does not understand (${parsed.error.issues[0]?.path.join('.')})`);
    const item = centraContract(parsed.data);
    const key = emailKey(item.email);
    const id = String(item.contract.id);
    const touched = [key];
    for (const other of this.holders(id)) {
      if (other === key) continue;
      this.set(other, (cur) => (cur ? { ...cur, k: Object.fromEntries(Object.entries(cur.k).filter(([k]) => k !== id)) } : null));
      touched.push(other);
    }
    this.set(key, (cur) => ({
      ...(cur ?? { e: item.email, k: {} }),
      c: cur?.c ?? (item.customerId == null ? undefined : String(item.customerId)),
      k: { ...(cur?.k ?? {}), [id]: contractFacts(item.contract) },
    }));
    return touched;
  }

  private dropContract(id: string): string[] {
    const keys = this.holders(id);
    for (const key of keys) this.set(key, (cur) => (cur ? { ...cur, k: Object.fromEntries(Object.entries(cur.k).filter(([k]) => k !== id)) } : null));
    return keys;
  }

  private dropSubscription(id: string): string[] {
    const keys: string[] = [];
    for (const { key, centra } of this.q.byKey.all(id) as { key: string; centra: string | null }[]) {
      const facts = centra ? (JSON.parse(centra) as CentraFacts) : null;
      if (!facts || !Object.values(facts.k).some((k) => id in k.subs)) continue;
      this.set(key, (cur) =>
        cur
          ? {
              ...cur,
              k: Object.fromEntries(Object.entries(cur.k).map(([cid, k]) => [cid, { ...k, subs: without(k.subs, id), sd: k.sd && without(k.sd, id) }])),
            }
          : null,
      );
      keys.push(key);
    }
    return keys;
  }

  /** The people whose Centra facts hold this contract (ids share the keys table with other ids: checked). */
  private holders(contractId: string): string[] {
    return (this.q.byKey.all(contractId) as { key: string; centra: string | null }[])
      .filter((r) => r.centra && contractId in (JSON.parse(r.centra) as CentraFacts).k)
      .map((r) => r.key);
  }

  private facts(key: string): CentraFacts | null {
    const raw = this.q.facts.get(key) as string | null | undefined;
    return raw ? (JSON.parse(raw) as CentraFacts) : null;
  }
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}
