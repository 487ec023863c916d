import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { openDatabase, type Db } from '../../db/connection.ts';
import { entryCanonicalJson, GENESIS_HASH, type HashedEntry } from '../../server/audit/canonical.ts';
import { loadOrCreateSigningKey, signCheckpoint } from '../../server/audit/signing.ts';

export const BENCH_ACTIONS = [
  'customer.view', 'customer.view', 'customer.view', 'customer.view', 'auth.login', 'auth.logout', 'auth.login.failed',
  'centra.subscription.status', 'centra.subscription.interval', 'centra.subscription.quantity', 'centra.contract.address',
  'gigs.connectSession.create', 'gigs.subscription.cancel', 'staff.update', 'access.denied', 'audit.export',
] as const;
export const BENCH_ACTORS = 200;

/** Deterministic pseudo-random numbers (mulberry32): the same seed gives the same log. */
function rng(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type GeneratedLog = { db: Db; path: string; keyPath: string; entries: number; firstTime: string; lastTime: string; seconds: number };

/**
 * Writes `entries` audit entries with a valid hash chain and a signed checkpoint every 1000 into a
 * fresh file, spread evenly over the last `days` days. Fast path for a benchmark only: indexes
 * are dropped during the load and rebuilt once (sorting beats 10 million B-tree inserts), and the
 * load runs without a journal; the file is switched back to WAL at the end, as the product has it.
 */
export function generateAuditLog(opts: { path: string; keyPath: string; entries: number; days?: number; now?: Date; log?: (s: string) => void }): GeneratedLog {
  const started = performance.now();
  const log = opts.log ?? (() => {});
  rmSync(opts.path, { force: true });
  rmSync(`${opts.path}-wal`, { force: true });
  rmSync(`${opts.path}-shm`, { force: true });
  rmSync(opts.keyPath, { force: true });
  const db = openDatabase(opts.path);
  const sqlite = db.$client;
  const signer = loadOrCreateSigningKey(opts.keyPath);
  const indexes = sqlite
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL")
    .all() as Array<{ name: string; sql: string }>;
  for (const i of indexes) sqlite.exec(`DROP INDEX ${i.name}`);
  sqlite.pragma('journal_mode = OFF');
  sqlite.pragma('synchronous = OFF');

  const insert = sqlite.prepare(`INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertCheckpoint = sqlite.prepare('INSERT INTO audit_checkpoints (seq, hash, time, key_id, signature) VALUES (?, ?, ?, ?, ?)');
  const now = (opts.now ?? new Date()).getTime();
  const span = (opts.days ?? 90) * 86_400_000;
  const start = now - span;
  const step = span / opts.entries;
  const random = rng(42);
  let prev = GENESIS_HASH;
  let prevCheckpoint = 0;
  const CHUNK = 100_000;
  const chunk = sqlite.transaction((from: number, to: number) => {
    for (let seq = from; seq <= to; seq++) {
      const actor = 1 + Math.floor(random() * BENCH_ACTORS);
      const action = BENCH_ACTIONS[Math.floor(random() * BENCH_ACTIONS.length)]!;
      const o = random();
      const outcome = action === 'access.denied' ? 'denied' : o < 0.25 ? 'requested' : o < 0.9 ? 'succeeded' : 'failed';
      const customer = `cus_${Math.floor(random() * 1_000_000)}`;
      const e: HashedEntry = {
        seq,
        time: new Date(start + Math.floor(seq * step)).toISOString(),
        requestId: `req_${seq.toString(36)}_${Math.floor(random() * 1e9).toString(36)}`,
        actorType: 'staff',
        actorId: String(actor),
        actorEmail: `staff${actor}@example.com`,
        actorRole: actor % 10 === 0 ? 'admin' : 'support',
        ip: `10.0.${actor % 256}.${seq % 256}`,
        userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0',
        action,
        targetType: 'customer',
        targetId: customer,
        customerId: customer,
        request: action.startsWith('centra') ? `{"status":"paused","reason":"travel"}` : null,
        before: outcome === 'succeeded' ? `{"status":"active","quantity":1}` : null,
        after: outcome === 'succeeded' ? `{"status":"paused","quantity":1}` : null,
        outcome,
        error: outcome === 'failed' ? `{"system":"centra","kind":"http","status":409,"message":"cancelled is final"}` : null,
        upstreamRef: null,
      };
      const hash = createHash('sha256').update(prev).update(entryCanonicalJson(e)).digest('hex');
      insert.run(e.seq, e.time, e.requestId, e.actorType, e.actorId, e.actorEmail, e.actorRole, e.ip, e.userAgent, e.action, e.targetType, e.targetId, e.customerId, e.request, e.before, e.after, e.outcome, e.error, e.upstreamRef, prev, hash);
      prev = hash;
      if (seq % 1000 === 0 || seq === opts.entries) {
        const body = { seq, hash, time: e.time, keyId: signer.keyId, prevSeq: prevCheckpoint };
        insertCheckpoint.run(seq, hash, e.time, signer.keyId, signCheckpoint(signer, body));
        prevCheckpoint = seq;
      }
    }
  });
  for (let from = 1; from <= opts.entries; from += CHUNK) {
    chunk(from, Math.min(opts.entries, from + CHUNK - 1));
    if ((from - 1) % 1_000_000 === 0 && from > 1) log(`  generated ${(from - 1).toLocaleString('en-US')} entries (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  log(`  rows written in ${((performance.now() - started) / 1000).toFixed(0)} s; building ${indexes.length} indexes`);
  for (const i of indexes) sqlite.exec(i.sql);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  const first = sqlite.prepare('SELECT time FROM audit_events WHERE seq = 1').pluck().get() as string;
  const last = sqlite.prepare('SELECT time FROM audit_events ORDER BY seq DESC LIMIT 1').pluck().get() as string;
  return { db, path: opts.path, keyPath: opts.keyPath, entries: opts.entries, firstTime: first, lastTime: last, seconds: (performance.now() - started) / 1000 };
}
