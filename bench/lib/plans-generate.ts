import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../db/connection.ts';
import { recomputePlanStats } from '../../server/customers/index/plan-stats.ts';
import { catalogPlans } from '../../server/sandbox/gigs/catalog.ts';
import { PLANS, PRODUCTS, itemId } from '../../server/sandbox/centra/catalog.ts';

/**
 * The plans bench's data: the customer index as a crawl of `customers` people would leave it,
 * written straight into indexed_subscriptions (about 3 subscriptions a person, both systems, on the
 * sandbox's catalogue ids so the counts join with the plans pages' catalogue) and plan_stats
 * recomputed by the customer index's own function. Kept in bench/data/plans-<n>/ and reused.
 */
export function plansBenchDir(customers: number) {
  return join('bench', 'data', `plans-${customers}`);
}

const DAY = 86_400_000;

/** A small deterministic generator (mulberry32): the same data on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: number, weighted: [T, number][]): T {
  const total = weighted.reduce((s, [, w]) => s + w, 0);
  let x = r * total;
  for (const [v, w] of weighted) if ((x -= w) < 0) return v;
  return weighted[weighted.length - 1]![0];
}

export function generatePlansIndex(
  customers: number,
  now: Date,
  log: (line: string) => void = () => undefined,
): { db: Db; path: string; rows: number; reused: boolean } {
  const dir = plansBenchDir(customers);
  const path = join(dir, 'subdesk.db');
  const existed = existsSync(path);
  const db = openDatabase(path);
  const sqlite = db.$client;
  const have = (sqlite.prepare('SELECT count(*) AS n FROM indexed_subscriptions').get() as { n: number }).n;
  if (existed && have > customers) {
    log(`reusing ${path} (${have.toLocaleString('en-US')} indexed subscriptions)`);
    recomputePlanStats(db, () => now);
    return { db, path, rows: have, reused: true };
  }

  const gigsPlans = catalogPlans(now.toISOString()).map((p): [string, number] => [p.id, p.status === 'archived' ? 2 : p.name.includes('Unlimited') ? 3 : 10]);
  const centraPlans = PLANS.map((p): [typeof p, number] => [p, p.id === 1 ? 10 : p.id === 3 ? 7 : 3]);
  const products = PRODUCTS.map((p): [typeof p, number] => [p, p.weight]);
  const rnd = random(20_261_121);
  const start = now.getTime() - 3 * 365 * DAY;

  sqlite.pragma('synchronous = OFF');
  // Secondary indexes are built once at the end: much faster than keeping them up row by row.
  const indexes = sqlite.prepare(`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'indexed_subscriptions' AND sql IS NOT NULL`).all() as {
    sql: string;
  }[];
  sqlite.exec('DELETE FROM indexed_subscriptions');
  for (const { sql } of indexes) sqlite.exec(`DROP INDEX IF EXISTS ${/INDEX\s+`?([\w]+)`?/i.exec(sql)![1]}`);
  const insert = sqlite.prepare(
    `INSERT INTO indexed_subscriptions (system, id, customer_seq, plan_id, status, discount, item, created_at, canceled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let rows = 0;
  const batch = sqlite.transaction((from: number, to: number) => {
    for (let seq = from; seq < to; seq++) {
      // Newer customers are more numerous (a growing business): sign-up time skews recent.
      const signUp = start + Math.sqrt(rnd()) * (now.getTime() - start);
      const inGigs = rnd() < 0.6;
      const inCentra = !inGigs || rnd() < 0.55;
      const gigsSubs = inGigs ? 1 + (rnd() < 0.45 ? 1 : 0) + (rnd() < 0.15 ? 1 : 0) : 0;
      const centraSubs = inCentra ? 1 + Math.floor(rnd() * 4) : 0;
      for (let k = 0; k < gigsSubs; k++) {
        const created = signUp + rnd() * (now.getTime() - signUp) * (k === 0 ? 0.02 : 1);
        const status = pick(rnd(), [
          ['active', 60],
          ['ended', 25],
          ['pending', 10],
          ['initiated', 5],
        ]);
        const canceled = status === 'ended' ? created + rnd() * (now.getTime() - created) : null;
        insert.run(
          'gigs',
          `sub_b${seq.toString(36)}x${k}`,
          seq,
          pick(rnd(), gigsPlans),
          status,
          null,
          rnd() < 0.5 ? 'p5' : 'p7',
          new Date(created).toISOString(),
          canceled ? new Date(canceled).toISOString() : null,
        );
        rows++;
      }
      for (let k = 0; k < centraSubs; k++) {
        const product = pick(rnd(), products);
        const plan = product.planIds.length
          ? pick(
              rnd(),
              centraPlans.filter(([p]) => product.planIds.includes(p.id)),
            )
          : null;
        const created = signUp + rnd() * (now.getTime() - signUp);
        const status = pick(rnd(), [
          ['active', 62],
          ['paused', 15],
          ['cancelled', 23],
        ]);
        const discount = plan ? plan.discount : rnd() < 0.5 ? 10 : 0;
        insert.run(
          'centra',
          String(3_000_000 + seq * 4 + k),
          seq,
          plan ? String(plan.id) : null,
          status,
          discount,
          itemId(product.id, Math.floor(rnd() * product.sizes.length)),
          new Date(created).toISOString().replace('T', ' ').slice(0, 19),
          null,
        );
        rows++;
      }
    }
  });
  const STEP = 50_000;
  for (let from = 1; from <= customers; from += STEP) {
    batch(from, Math.min(customers + 1, from + STEP));
    if ((from - 1) % 200_000 === 0)
      log(
        `  ${Math.min(customers, from + STEP - 1).toLocaleString('en-US')} / ${customers.toLocaleString('en-US')} customers, ${rows.toLocaleString('en-US')} subscriptions`,
      );
  }
  log('  building the indexes');
  for (const { sql } of indexes) sqlite.exec(sql);
  sqlite.exec('ANALYZE');
  sqlite.pragma('synchronous = FULL');
  recomputePlanStats(db, () => now);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
  return { db, path, rows, reused: false };
}
