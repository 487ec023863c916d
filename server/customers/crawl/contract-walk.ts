import type { Logger } from '../../logger.ts';
import type { CentraClient } from '../../upstream/centra.ts';
import type { CentraContract } from '../../upstream/centra-schemas.ts';
import { inBackground } from '../../upstream/priority.ts';
import { UpstreamError } from '../../upstream/errors.ts';
import { contractFacts } from '../index/facts.ts';
import type { IndexWriter } from '../index/writer/types.ts';
import type { CentraFacts } from '../types.ts';
import type { ContractWalkStore, WalkCustomer, WalkPass } from './store/index.ts';

/** Customers read at once: the rate budget, not this, decides the pace; this keeps the budget's queue fed. */
const BATCH = 8;
/** After an upstream failure, the walk waits this long before trying the same customers again. */
const RETRY_AFTER_MS = 30_000;

export type WalkProgress = {
  /** A pass is under way (or was interrupted and resumes). */
  running: boolean;
  passStartedAt: string | null;
  finishedAt: string | null;
  done: number;
  total: number;
  /** Customers Centra said changed, read before the pass goes on. */
  queued: number;
  lastError: string | null;
};

/**
 * Centra's contracts read through the Shop API, one customer at a time (`POST
 * /customers/{email}/subscriptions`), for when the Integration API cannot list them in bulk.
 * A million customers are a million requests, so this runs in the background at the rate
 * budget's background share (server/upstream/budget.ts), for hours or days: a pass walks the
 * index's Centra customers in e-mail key order, writing each one's contracts into their row as
 * they arrive, and keeps its place in `contract_walk`; customers an incremental crawl saw change
 * are read first. People are searchable by name, e-mail and phone from the Order API list before
 * their contracts arrive; opening a customer reads both systems live, whatever the walk's state.
 */
export class ContractWalk {
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;

  constructor(
    /** The walk's place: rows every instance shares, so the one that takes the background work over resumes it. */
    private readonly walk: ContractWalkStore,
    private readonly store: IndexWriter,
    private readonly centra: CentraClient,
    private readonly opts: { clock: () => Date; logger?: Logger },
  ) {}

  async progress(): Promise<WalkProgress> {
    const [pass, queued] = await Promise.all([this.walk.pass(), this.walk.queuedCount()]);
    return {
      running: isUnderWay(pass),
      passStartedAt: pass?.passStartedAt ?? null,
      finishedAt: pass?.finishedAt ?? null,
      done: pass?.done ?? 0,
      total: pass?.total ?? 0,
      queued,
      lastError: pass?.lastError ?? null,
    };
  }

  /** Starts a new pass over every Centra customer, unless one is still under way (it goes on). */
  async startPass() {
    await this.walk.startPass(this.opts.clock().toISOString());
    this.ensureRunning();
  }

  /** Customers Centra said changed: their contracts are read before the pass goes on. */
  async enqueue(keys: Iterable<string>) {
    await this.walk.enqueue([...keys], this.opts.clock().toISOString());
    this.ensureRunning();
  }

  /** Resumes an interrupted pass or queue (on start). */
  /** Goes on with an unfinished pass; again after stop() when this instance regains the background lease (server/background.ts). */
  async resume() {
    this.stopping = false;
    const p = await this.progress();
    if (p.running || p.queued) this.ensureRunning();
  }

  async stop() {
    this.stopping = true;
    this.wake?.();
    await this.loop;
  }

  /** Resolves when the walk has nothing left to do (tests, the sync command). */
  async idle() {
    while (this.loop) await this.loop;
  }

  private ensureRunning() {
    if (this.loop || this.stopping) return;
    this.loop = this.run().finally(() => {
      this.loop = null;
    });
  }

  private async run() {
    while (!this.stopping) {
      const queued = await this.walk.queued(BATCH);
      const pass = await this.walk.pass();
      const passing = isUnderWay(pass);
      const batch = queued.length ? queued : passing ? await this.walk.nextCustomers(pass!.cursor, BATCH) : [];
      if (!batch.length) {
        if (passing) await this.finishPass(pass!);
        return;
      }
      try {
        const read = await Promise.all(batch.map(async (b) => ({ key: b.key, contracts: await inBackground(() => this.centra.getContracts(emailOf(b))) })));
        await this.apply(read, queued.length ? null : pass!);
      } catch (err) {
        const reason = err instanceof UpstreamError ? `Centra: ${err.message}${err.details.status ? ` (HTTP ${err.details.status})` : ''}` : String(err);
        await this.walk.recordError(reason, this.opts.clock().toISOString());
        this.opts.logger?.warn('reading contracts through the Shop API stopped; retrying', { error: reason });
        await this.pause(RETRY_AFTER_MS);
      }
    }
  }

  /**
   * Each customer's contracts replace what their row had, then the pass's place moves on (or the
   * queue lets them go). Two commits, in that order: a crash between them reads the same customers
   * again, which changes nothing.
   */
  private async apply(read: { key: string; contracts: CentraContract[] }[], pass: WalkPass | null) {
    const updates = new Map(
      read.map(({ key, contracts }) => [
        key,
        (cur: CentraFacts | undefined): CentraFacts | null => {
          const k = Object.fromEntries(contracts.map((c) => [String(c.id), contractFacts(c)]));
          if (!cur) return contracts.length ? { e: contracts[0]!.shippingAddress.email || key, k } : null;
          return { ...cur, k };
        },
      ]),
    );
    await this.store.write({ centra: updates });
    const now = this.opts.clock().toISOString();
    if (pass) await this.walk.savePass({ ...pass, cursor: read.at(-1)!.key, done: pass.done + read.length, finishedAt: null, lastError: null }, now);
    else await this.walk.dequeue(read.map((r) => r.key));
  }

  private async finishPass(pass: WalkPass) {
    const now = this.opts.clock().toISOString();
    await this.walk.savePass({ ...pass, finishedAt: now, lastError: null }, now);
    this.opts.logger?.info('contracts read through the Shop API', { customers: pass.done });
  }

  private pause(ms: number) {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** A pass began and has not finished. */
function isUnderWay(pass: WalkPass | null): boolean {
  return Boolean(pass?.passStartedAt && !pass.finishedAt);
}

/** The e-mail Centra knows this person by (it may keep another case than the index key). */
function emailOf(customer: WalkCustomer): string {
  return customer.centra?.e || customer.key;
}
