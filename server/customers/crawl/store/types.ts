import type { contractWalk, crawlRuns } from '../../../../db/schema.ts';
import type { CentraFacts } from '../../types.ts';

type RunRow = typeof crawlRuns.$inferSelect;

export type CrawlKind = RunRow['kind'];
export type PhaseName = 'gigs.users' | 'gigs.subscriptions' | 'centra.customers' | 'centra.contracts';
export const PHASES: PhaseName[] = ['gigs.users', 'gigs.subscriptions', 'centra.customers', 'centra.contracts'];

/** The reason a crawl whose process died is given (under `crawl`, beside its lists' own). */
export const INTERRUPTED_REASON = 'subdesk stopped during the crawl; the next crawl resumes it';

/** Where one list of the current (or interrupted) crawl got to: the next crawl resumes at `cursor`. */
export type PhaseState = { phase: PhaseName; runId: number; cursor: unknown; done: boolean; items: number };

/** One crawl as the status page shows it: items read per list, rows built, and each list's reason for stopping. */
export type CrawlRun = Omit<RunRow, 'counts' | 'errors'> & { counts: Record<string, number>; errors: Record<string, string> };

/** How a crawl ended. */
export type CrawlEnd = Pick<CrawlRun, 'status' | 'counts' | 'errors'> & { finishedAt: string; durationMs: number };

/** Parts read from one list (JSON, in crawl order) and their people's e-mail keys. */
export type StagedBatch = { keys: string[]; parts: string[] };

/** A list's place after a batch: the cursor of its last page, items read in this crawl so far, whether the list ended. */
export type PhasePlace = { cursor: unknown; items: number; done: boolean };

/**
 * The crawl's memory, shared by every instance on the database: the crawls (crawl_runs), each
 * list's place (crawl_state) and what was read but not yet built (the stage). The instance that
 * takes the background work over resumes from these rows rather than starting again.
 */
export interface CrawlLedgerStore {
  /** Crawls still marked running (their process died) become interrupted, the reason added to their lists' own. */
  markInterrupted(now: string): Promise<void>;
  /** Each list's place, as the last crawl left it (empty before the first crawl). */
  phases(): Promise<PhaseState[]>;
  /** Records a new crawl; `resume` keeps the lists' places (now this crawl's), otherwise every list starts over. Returns its id. */
  begin(kind: CrawlKind, now: string, resume: boolean): Promise<number>;
  /** Stages a batch and moves its list's place past it, in one transaction: a crash never loses a page the place has passed. */
  stageBatch(phase: PhaseName, batch: StagedBatch, place: PhasePlace, now: string): Promise<void>;
  /** A list whose last pages were already staged read nothing more: it is done. */
  markDone(phase: PhaseName): Promise<void>;
  /**
   * A list stopped (its upstream failed): its reason is kept with the crawl at once, so the status
   * page, and an instance that takes the crawl over after a crash, see it before the crawl ends.
   */
  recordPhaseError(id: number, phase: PhaseName, reason: string): Promise<void>;
  finish(id: number, end: CrawlEnd): Promise<void>;
  run(id: number): Promise<CrawlRun | null>;
  last(): Promise<CrawlRun | null>;
  lastSucceeded(): Promise<CrawlRun | null>;
  /** Builds what was staged into the customer index. Returns the rows written. */
  buildStaged(onProgress?: (built: number) => void): Promise<number>;
  /** Recounts plan_stats from the indexed subscriptions. Returns when it was computed (ISO). */
  recountPlanStats(): Promise<string>;
}

/** The Shop API contract walk's pass: how far it got over the index's Centra customers (in e-mail key order). */
export type WalkPass = Omit<typeof contractWalk.$inferSelect, 'id' | 'updatedAt'>;

/** A Centra customer the walk reads: the index's e-mail key and the Centra facts it holds (null: none, or no row). */
export type WalkCustomer = { key: string; centra: CentraFacts | null };

/**
 * The contract walk's place, shared by every instance on the database: the pass (one row) and the
 * customers queued to be read first. A pass is started only when none is under way, in the
 * statement itself, so an instance never restarts a pass another one began.
 */
export interface ContractWalkStore {
  pass(): Promise<WalkPass | null>;
  /** A new pass over the Centra customers the index holds now, unless one is under way. True when one began. */
  startPass(now: string): Promise<boolean>;
  /** The pass moved on (or finished): saved as given, its error cleared. */
  savePass(pass: WalkPass, now: string): Promise<void>;
  /** The last attempt failed: the reason, for the status page. */
  recordError(reason: string, now: string): Promise<void>;
  /** Queues customers Centra said changed (once each, the earliest time kept). */
  enqueue(keys: string[], now: string): Promise<void>;
  dequeue(keys: string[]): Promise<void>;
  queuedCount(): Promise<number>;
  /** The longest-queued customers, with their Centra facts. */
  queued(limit: number): Promise<WalkCustomer[]>;
  /** The pass's next Centra customers after `afterKey`, in e-mail key order. */
  nextCustomers(afterKey: string, limit: number): Promise<WalkCustomer[]>;
}

export type CrawlStores = { ledger: CrawlLedgerStore; walk: ContractWalkStore };
