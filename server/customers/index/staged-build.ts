import type { Db } from '../../../db/connection.ts';
import { STAGE_BUCKETS, type CrawlStage } from '../crawl/stage.ts';
import { buildPerson, type ExistingRow, type PersonBuild } from './person-build.ts';
import { BucketComputer, type BucketBuild } from './bucket-build.ts';
import { inThreadBuckets, workerBuckets, type BucketSource } from './bucket-source.ts';
import { keySortPath } from './key-sort.ts';
import type { RowWriter } from './row-writer.ts';

/** Build sizes, for tests that need the worker or many commits on a small crawl. */
export type BuildTuning = { workerFromStaged?: number; peoplePerCommit?: number; keysPerCommit?: number };

/**
 * People built per transaction from the stage: big enough to amortise the commit (each commit
 * writes every page it dirtied), small enough to keep the server answering (~0.5 s a batch).
 */
const STAGED_CHUNK = 4000;
/** Sorted keys appended per transaction at the end of a build (~0.3 s each). */
const KEYS_PER_COMMIT = 500_000;
/** WAL pages between checkpoints while building (4 KiB each). */
const BUILD_WAL_CHECKPOINT_PAGES = 50_000;
/** Page cache while building (KiB, negative as PRAGMA cache_size takes it): bounded, restored after. */
const BUILD_CACHE_KIB = -262_144;
/** Buckets requested from the computer ahead of the one being written (a bucket at a million is ~16,000 people). */
const BUCKETS_AHEAD = 2;
/**
 * Staged rows from which a build computes in a worker thread: below this, starting the worker
 * (~0.3 s) costs more than it saves. In-memory databases always compute in-thread.
 */
const WORKER_FROM_STAGED = 50_000;

/**
 * The index builder: turns what a crawl staged into customers rows, bucket by bucket, with the
 * pragmas, the worker thread and the deferred keys that make a million-person build fast.
 */
export class StagedBuild {
  private computerOnce: BucketComputer | undefined;

  private readonly clock: () => Date;
  private readonly tuning: BuildTuning;
  /** No row yet: the index was never filled (the store says). */
  private readonly isEmpty: () => boolean;

  constructor(
    private readonly db: Db,
    private readonly writer: RowWriter,
    opts: { clock: () => Date; tuning?: BuildTuning; isEmpty: () => boolean },
  ) {
    this.clock = opts.clock;
    this.tuning = opts.tuning ?? {};
    this.isEmpty = opts.isEmpty;
  }

  /**
   * Builds everything the crawl staged: bucket by bucket, each person's staged parts applied in
   * crawl order to what the index had, and the row written (JSON, derived columns, FTS, keys,
   * subscriptions) only when its facts changed. Each chunk commits with the removal of what it
   * consumed only at the end of its bucket, so a crash re-applies at most one bucket (harmless:
   * applying a part twice changes nothing). Returns the rows written.
   */
  async run(stage: CrawlStage, onProgress?: (built: number) => void): Promise<number> {
    let built = 0;
    const s = this.db.$client;
    // Into an empty index: drop the secondary indexes that random inserts would make the slowest
    // part of the build, and recreate them (one sort each) when it ends. A bigger page cache for
    // the build keeps the unique indexes' pages in memory between commits.
    const fresh = this.isEmpty();
    if (fresh && stage.size()) s.transaction(() => stage.dropIndexesForBulk()).immediate();
    const cacheBefore = s.pragma('cache_size', { simple: true }) as number;
    s.pragma(`cache_size = ${BUILD_CACHE_KIB}`);
    // The WAL is copied into the file every ~200 MB rather than every 4 MB: a page the build
    // writes many times (the indexes' upper levels) is copied once per round, not per commit,
    // and the WAL stays bounded (unbounded, the end of a million-person build slowed by half).
    const autoCheckpoint = s.pragma('wal_autocheckpoint', { simple: true }) as number;
    s.pragma(`wal_autocheckpoint = ${BUILD_WAL_CHECKPOINT_PAGES}`);
    const source = this.bucketSource(stage.size());
    try {
      try {
        built = await this.buildBuckets(stage, source, fresh, onProgress);
      } finally {
        s.pragma(`cache_size = ${cacheBefore}`);
      }
      await this.finishBuild(stage, source);
    } finally {
      await source.close();
      s.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
      s.pragma('wal_checkpoint(PASSIVE)');
    }
    return built;
  }

  /**
   * New rows' keys were set aside; they join the index in one sorted insert, and the indexes a
   * bulk build dropped come back one by one, the server answering in between. With a worker, it
   * sorts the keys into a scratch file while the indexes are recreated, and the sorted keys are
   * then appended in chunks. These sorts (ten million keys at a million people) spill to
   * temporary files rather than memory (temp_store is MEMORY for subdesk's own small temp work).
   */
  private async finishBuild(stage: CrawlStage, source: BucketSource) {
    const s = this.db.$client;
    const tempStore = s.pragma('temp_store', { simple: true }) as number;
    s.pragma('temp_store = FILE');
    try {
      const sorting = source.sortPendingKeys?.();
      sorting?.catch(() => undefined);
      while (s.transaction(() => stage.restoreOneIndex()).immediate()) await new Promise((r) => setImmediate(r));
      if (sorting) {
        await sorting;
        await stage.appendSortedKeys(keySortPath(s.name), this.tuning.keysPerCommit ?? KEYS_PER_COMMIT);
      } else {
        s.transaction(() => stage.flushKeys()).immediate();
      }
    } finally {
      s.pragma(`temp_store = ${tempStore}`);
    }
  }

  /** `fresh`: the index was empty, so nobody has a row yet (each person is in one bucket only). */
  private async buildBuckets(stage: CrawlStage, source: BucketSource, fresh: boolean, onProgress?: (built: number) => void): Promise<number> {
    let built = 0;
    const s = this.db.$client;
    // A batch may span buckets (small crawls) or part of one (big ones): what matters for speed is
    // people per commit, since every commit writes each page it dirtied to the WAL once.
    let batch: PersonBuild[] = [];
    let drops: [number, number][] = [];
    const commit = async () => {
      // In e-mail order: inserts into the email_key index land next to each other.
      const people = batch.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const done = drops;
      batch = [];
      drops = [];
      built += s
        .transaction(() => {
          const n = this.writePeople(people, stage, fresh);
          for (const [b, lastId] of done) stage.drop(b, lastId);
          return n;
        })
        .immediate();
      onProgress?.(built);
      await new Promise((r) => setImmediate(r));
    };
    // The next buckets are computed (in the worker, for big builds) while this one is written.
    // More than one ahead: a bucket whose people only fill the batch (no commit) is taken at once,
    // and with one request in flight the writer then waited for a whole computation.
    const ahead: Promise<BucketBuild>[] = [];
    const request = (b: number) => {
      if (b >= STAGE_BUCKETS) return;
      const p = source.get(b, fresh);
      p.catch(() => undefined);
      ahead.push(p);
    };
    for (let b = 0; b < BUCKETS_AHEAD; b++) request(b);
    for (let b = 0; b < STAGE_BUCKETS; b++) {
      const current = await ahead.shift()!;
      request(b + BUCKETS_AHEAD);
      for (const person of current.people) {
        batch.push(person);
        if (batch.length >= (this.tuning.peoplePerCommit ?? STAGED_CHUNK)) await commit();
      }
      // The bucket's rows go when its last person is written (a crash before re-applies them: harmless).
      if (current.lastId !== null) drops.push([b, current.lastId]);
    }
    if (batch.length || drops.length) await commit();
    return built;
  }

  /** Made on first use: the stage's tables exist once a crawler has been made (crawl/stage.ts). */
  private get computer(): BucketComputer {
    return (this.computerOnce ??= new BucketComputer(this.db.$client));
  }

  private bucketSource(staged: number): BucketSource {
    const s = this.db.$client;
    return !s.memory && staged >= (this.tuning.workerFromStaged ?? WORKER_FROM_STAGED) ? workerBuckets(s.name) : inThreadBuckets(this.computer);
  }

  /**
   * Writes computed people. A row computed from what the index had may have changed since (a
   * customer refreshed while the build ran): such a person is recomputed here from the row as it
   * is now, inside the transaction.
   */
  private writePeople(people: PersonBuild[], stage: CrawlStage, fresh: boolean): number {
    const live = fresh ? null : this.computer.existing(people.map((p) => p.key));
    const now = this.clock().toISOString();
    let written = 0;
    for (const computed of people) {
      let person: PersonBuild | null = computed;
      const row = live?.get(computed.key);
      if (live && !sameRow(row, computed.before)) person = buildPerson(computed.key, computed.parts ?? [], row);
      if (!person) continue;
      this.writer.writeBuilt(person, now, (seq, keys) => stage.deferKeys(seq, keys));
      written++;
    }
    return written;
  }
}

/** The same row, unchanged (both absent counts as the same). */
function sameRow(a: ExistingRow | undefined, b: ExistingRow | null): boolean {
  if (!a || !b) return !a && !b;
  return a.seq === b.seq && a.gigs === b.gigs && a.centra === b.centra && a.text === b.text && a.keys === b.keys;
}
