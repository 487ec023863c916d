import type { Logger } from '../../logger.ts';
import type { CentraEvent, CentraEventsClient, EventsPlan } from '../../upstream/centra-events.ts';
import { inBackground } from '../../upstream/priority.ts';
import { UpstreamError } from '../../upstream/errors.ts';
import { crawlCentraContract } from './crawl-schemas.ts';
import { centraContract } from './crawl-pages.ts';
import { contractFacts } from '../index/facts.ts';
import { emailKey } from '../normalise.ts';
import type { FactsUpdate, IndexWriter } from '../index/writer/types.ts';
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

  constructor(
    private readonly writer: IndexWriter,
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
        await this.apply(events);
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

  /**
   * Writes what the events say into the index, event by event, each in one transaction (then they
   * may be confirmed). The rows an event touches are looked up first, and its changes are applied
   * to the facts as they are when written: an event carries its object as it is now, so applying
   * it again, or after a refresh, comes out the same.
   */
  async apply(events: CentraEvent[]) {
    for (const e of events) {
      const updates = await this.updatesOf(e);
      if (updates.size) await this.writer.write({ centra: updates });
    }
  }

  private async updatesOf(e: CentraEvent): Promise<Updates> {
    const gone = e.changeType === 'DELETED' || !e.object;
    if (e.objectType === 'Customer') return gone ? this.forgetCustomer(e.objectReference) : this.customer(e.object!);
    if (e.objectType === 'SubscriptionContract') return gone ? this.dropContract(e.objectReference) : this.contract(e.object!);
    if (e.objectType === 'Subscription') {
      if (gone) return this.dropSubscription(e.objectReference);
      const contract = (e.object as { contract?: unknown }).contract;
      return contract ? this.contract(contract as Record<string, unknown>) : new Map();
    }
    return new Map();
  }

  /** A customer as Centra has them now; a changed e-mail moves their Centra facts to the new person. */
  private async customer(o: Record<string, unknown>): Promise<Updates> {
    const id = String(o.id);
    const email = typeof o.email === 'string' ? o.email : '';
    const updates: Updates = new Map();
    if (!email) return updates;
    const key = emailKey(email);
    let moved: CentraFacts['k'] = {};
    for (const { key: old, centra: had } of await this.writer.centraRowsOfCustomer(id)) {
      if (old === key) continue;
      moved = { ...moved, ...(had?.k ?? {}) };
      updates.set(old, () => null);
    }
    const text = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
    updates.set(key, (cur) => ({
      ...(cur ?? { k: {} }),
      c: id,
      e: email,
      f: text(o.firstName) ?? cur?.f ?? null,
      l: text(o.lastName) ?? cur?.l ?? null,
      p: text(o.phoneNumber) ?? cur?.p ?? null,
      k: { ...moved, ...(cur?.k ?? {}) },
    }));
    return updates;
  }

  private async forgetCustomer(id: string): Promise<Updates> {
    return new Map((await this.writer.centraRowsOfCustomer(id)).map((r) => [r.key, () => null]));
  }

  /** A contract as Centra has it now, on its customer's row (and off any other row that had it). */
  private async contract(o: Record<string, unknown>): Promise<Updates> {
    const parsed = crawlCentraContract.safeParse(o);
    if (!parsed.success)
      throw new UpstreamError('centra', 'malformed', `Centra sent an event's contract subdesk does not understand (${parsed.error.issues[0]?.path.join('.')})`);
    const item = centraContract(parsed.data);
    const key = emailKey(item.email);
    const id = String(item.contract.id);
    const updates: Updates = new Map();
    for (const other of await this.holders(id)) if (other !== key) updates.set(other, withoutContract(id));
    updates.set(key, (cur) => ({
      ...(cur ?? { e: item.email, k: {} }),
      c: cur?.c ?? (item.customerId == null ? undefined : String(item.customerId)),
      k: { ...(cur?.k ?? {}), [id]: contractFacts(item.contract) },
    }));
    return updates;
  }

  private async dropContract(id: string): Promise<Updates> {
    return new Map((await this.holders(id)).map((key) => [key, withoutContract(id)]));
  }

  private async dropSubscription(id: string): Promise<Updates> {
    const updates: Updates = new Map();
    for (const { key, centra } of await this.writer.centraRowsWithKey(id)) {
      if (!centra || !Object.values(centra.k).some((k) => id in k.subs)) continue;
      updates.set(key, (cur) =>
        cur
          ? {
              ...cur,
              k: Object.fromEntries(Object.entries(cur.k).map(([cid, k]) => [cid, { ...k, subs: without(k.subs, id), sd: k.sd && without(k.sd, id) }])),
            }
          : null,
      );
    }
    return updates;
  }

  /** The people whose Centra facts hold this contract (ids share the keys table with other ids: checked). */
  private async holders(contractId: string): Promise<string[]> {
    return (await this.writer.centraRowsWithKey(contractId)).filter((r) => r.centra && contractId in r.centra.k).map((r) => r.key);
  }
}

type Updates = Map<string, FactsUpdate<'centra'>>;

const withoutContract =
  (id: string): FactsUpdate<'centra'> =>
  (cur) =>
    cur ? { ...cur, k: Object.fromEntries(Object.entries(cur.k).filter(([k]) => k !== id)) } : null;

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}
