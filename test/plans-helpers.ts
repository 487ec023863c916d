import Database from 'better-sqlite3';
import type { TestServer } from './helpers/server.ts';
import { rowsOf } from './helpers/engines.ts';

/** Helpers for the plans suites: the sandbox's own counts to compare against, and its personal data to look for. */

export function openSandboxTables(server: TestServer) {
  return new Database(server.deps.config.sandboxDatabasePath, { readonly: true, fileMustExist: true });
}

export type Truth = {
  gigs: Map<string, { pending: number; active: number; ended: number; total: number }>;
  centra: Map<string, { active: number; paused: number; cancelled: number; total: number; averageDiscount: number }>;
  /** Centra subscriptions whose plan is gone (plan_id null), by status. */
  centraNoPlan: { active: number; paused: number; cancelled: number; total: number };
};

/** Counts straight from the emulators' tables: what the plans pages must show. */
export function sandboxTruth(server: TestServer): Truth {
  const sb = openSandboxTables(server);
  try {
    const gigs: Truth['gigs'] = new Map();
    for (const r of sb.prepare('SELECT plan_id, status, count(*) AS n FROM gigs_subscriptions GROUP BY plan_id, status').all() as {
      plan_id: string;
      status: string;
      n: number;
    }[]) {
      const c = gigs.get(r.plan_id) ?? { pending: 0, active: 0, ended: 0, total: 0 };
      const bucket = r.status === 'initiated' ? 'pending' : (r.status as 'pending' | 'active' | 'ended');
      c[bucket] += r.n;
      c.total += r.n;
      gigs.set(r.plan_id, c);
    }
    const centra: Truth['centra'] = new Map();
    const centraNoPlan = { active: 0, paused: 0, cancelled: 0, total: 0 };
    for (const r of sb.prepare('SELECT plan_id, status, count(*) AS n, sum(discount) AS d FROM centra_subscriptions GROUP BY plan_id, status').all() as {
      plan_id: number | null;
      status: string;
      n: number;
      d: number;
    }[]) {
      if (r.plan_id === null) {
        centraNoPlan[r.status as 'active' | 'paused' | 'cancelled'] += r.n;
        centraNoPlan.total += r.n;
        continue;
      }
      const id = String(r.plan_id);
      const c = centra.get(id) ?? { active: 0, paused: 0, cancelled: 0, total: 0, averageDiscount: 0 };
      c[r.status as 'active' | 'paused' | 'cancelled'] += r.n;
      // Running sum for now; divided below.
      c.averageDiscount += r.d;
      c.total += r.n;
      centra.set(id, c);
    }
    for (const c of centra.values()) c.averageDiscount = Math.round((c.averageDiscount / c.total) * 100) / 100;
    return { gigs, centra, centraNoPlan };
  } finally {
    sb.close();
  }
}

/** Every customer's e-mail, name and ids the sandbox knows: none may appear in a plans response. */
export async function sandboxPersonalData(server: TestServer): Promise<string[]> {
  const sb = openSandboxTables(server);
  try {
    const out = new Set<string>();
    const add = (v: unknown) => {
      if (typeof v === 'string' && v.trim().length >= 4) out.add(v.trim().toLowerCase());
    };
    for (const u of sb.prepare('SELECT doc FROM gigs_users').all() as { doc: string }[]) {
      const d = JSON.parse(u.doc) as { id: string; email: string; fullName?: string };
      add(d.id);
      add(d.email);
      add(d.fullName);
    }
    for (const s of sb.prepare('SELECT id FROM gigs_subscriptions').all() as { id: string }[]) add(s.id);
    for (const c of sb.prepare('SELECT email, first_name, last_name, phone FROM centra_customers').all() as {
      email: string;
      first_name: string;
      last_name: string;
      phone: string;
    }[]) {
      add(c.email);
      add(`${c.first_name} ${c.last_name}`);
      add(c.phone);
    }
    // subdesk's own customer ids (opaque) and the names the index shows.
    for (const c of await rowsOf<{ id: string; name: string | null }>(server.deps, 'SELECT id, name FROM customers')) {
      add(c.id);
      add(c.name);
    }
    return [...out];
  } finally {
    sb.close();
  }
}
