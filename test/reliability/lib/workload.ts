import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withDb } from './product-checks.ts';

/** What the load and crash workloads act on, read from a started product's own data directory. */

const repo = fileURLToPath(new URL('../../..', import.meta.url));

/** The product serves the built SPA; build it once when dist/ is missing. */
export function ensureSpaBuilt() {
  if (existsSync(`${repo}/dist/index.html`)) return;
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: repo, stdio: 'inherit' });
}

export type KnownSubscription = { id: number; status: 'active' | 'paused' };

/** Active and paused Centra subscriptions (call after a finished crawl, so every owner is in subdesk's index). */
export function togglableSubscriptions(dir: string, limit: number): KnownSubscription[] {
  return withDb(
    dir,
    (db) => db.prepare("SELECT id, status FROM centra_subscriptions WHERE status IN ('active', 'paused') ORDER BY id LIMIT ?").all(limit),
    'sandbox.db',
  ) as KnownSubscription[];
}

/** The sandbox's status of each subscription now. */
export const sandboxStatuses = (dir: string, ids: number[]) =>
  new Map(
    withDb(dir, (db) => db.prepare(`SELECT id, status FROM centra_subscriptions WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids), 'sandbox.db').map(
      (r) => [(r as { id: number }).id, (r as { status: string }).status],
    ),
  );

/** Search terms as staff type them: name parts, e-mail prefixes, phone fragments. */
export function searchTerms(dir: string, limit = 500): string[] {
  const rows = withDb(dir, (db) => db.prepare('SELECT name, email, phones FROM customers ORDER BY seq LIMIT ?').all(limit)) as {
    name: string | null;
    email: string | null;
    phones: string | null;
  }[];
  const terms: string[] = [];
  for (const r of rows) {
    if (r.name) terms.push(r.name.split(' ')[0]!.slice(0, 4));
    if (r.email) terms.push(r.email.slice(0, 6));
    const phone = r.phones ? String(JSON.parse(r.phones)[0] ?? '') : '';
    if (phone.length > 6) terms.push(phone.slice(-6));
  }
  return terms.filter((t) => t.length >= 2);
}

export const customerIds = (dir: string, limit = 1000) =>
  withDb(dir, (db) => db.prepare('SELECT id FROM customers ORDER BY seq LIMIT ?').pluck().all(limit) as string[]);
