import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { dropAppendOnlyTriggers } from '../../helpers/audit-tamper.ts';

const repo = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * The tail cuts the witness exists for, each on a copy of a stopped product's database with the
 * append-only triggers dropped (the witness file left as it was), each judged by
 * `npm run audit -- verify` as an operator would run it.
 */
type Picks = { head: number; checkpoints: number[] };
export type TailCut = { name: string; cut: (db: Database.Database, p: Picks) => number };

const cutFrom = (db: Database.Database, seq: number) => {
  db.prepare('DELETE FROM audit_events WHERE seq >= ?').run(seq);
  db.prepare('DELETE FROM audit_checkpoints WHERE seq >= ?').run(seq);
  return seq;
};

export const TAIL_CUTS: TailCut[] = [
  { name: 'the last entry (and the shutdown checkpoint naming it)', cut: (db, p) => cutFrom(db, p.head) },
  { name: "the last checkpoint's span", cut: (db, p) => cutFrom(db, p.checkpoints.at(-2)! + 1) },
  { name: 'everything after the first checkpoint', cut: (db, p) => cutFrom(db, p.checkpoints[0]! + 1) },
];

export type VerifyRun = {
  exitCode: number | null;
  answer: { ok: boolean; firstBad: number | null; reason: string; checked: number; witness: { path: string; lastSeq: number | null } | null };
};

export function verifyWithCli(dir: string, dbFile: string): VerifyRun {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/audit.ts', 'verify'], {
    cwd: repo,
    env: {
      ...process.env,
      DATABASE_PATH: dbFile,
      AUDIT_SIGNING_KEY_PATH: join(dir, 'audit-signing-key.pem'),
      AUDIT_WITNESS_PATH: join(dir, 'audit-witness.jsonl'),
      LOG_LEVEL: 'silent',
    },
    encoding: 'utf8',
  });
  if (!run.stdout.trim()) throw new Error(`audit verify printed nothing (exit ${run.status}): ${run.stderr}`);
  return { exitCode: run.status, answer: JSON.parse(run.stdout) };
}

export type TailCutOutcome = { name: string; expectedFirstBad: number; run: VerifyRun };

export function runTailCuts(dir: string, scratch: string): { clean: VerifyRun; outcomes: TailCutOutcome[]; picks: Picks } {
  const copy = (name: string) => {
    const target = join(scratch, `${name.replace(/\W+/g, '-')}.db`);
    copyFileSync(join(dir, 'subdesk.db'), target);
    for (const ext of ['-wal', '-shm']) if (existsSync(join(dir, `subdesk.db${ext}`))) copyFileSync(join(dir, `subdesk.db${ext}`), target + ext);
    return target;
  };
  const cleanFile = copy('clean');
  const db = new Database(cleanFile, { readonly: true });
  const picks: Picks = {
    head: db.prepare('SELECT max(seq) FROM audit_events').pluck().get() as number,
    checkpoints: db.prepare('SELECT seq FROM audit_checkpoints ORDER BY seq').pluck().all() as number[],
  };
  db.close();
  if (picks.checkpoints.length < 3) throw new Error(`the log has ${picks.checkpoints.length} checkpoints; the cuts need three`);
  const clean = verifyWithCli(dir, cleanFile);
  const outcomes = TAIL_CUTS.map((c) => {
    const file = copy(c.name);
    const tampered = new Database(file);
    dropAppendOnlyTriggers(tampered);
    const expectedFirstBad = c.cut(tampered, picks);
    tampered.close();
    return { name: c.name, expectedFirstBad, run: verifyWithCli(dir, file) };
  });
  return { clean, outcomes, picks };
}
