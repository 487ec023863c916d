import Database from 'better-sqlite3';
import type { Hono } from 'hono';
import { randomBytes } from 'node:crypto';
import { preparePrivateFile } from '../../db/private-file.ts';
import { people, type Person } from './people.ts';
import { createGigsSandbox } from './gigs/index.ts';
import { createCentraSandbox, type IntegrationMode } from './centra/index.ts';
import type { GigsWebhookSender } from './gigs/webhooks/sender.ts';

export type SandboxOptions = {
  /** The sandbox's own SQLite file (not subdesk's database). */
  dbPath: string;
  /** How many customers to seed when the sandbox database is empty. */
  customers: number;
  /** Public base URL of the server the sandbox is mounted on, for hosted Connect page links. */
  publicUrl: string;
  clock?: () => Date;
  /** Rate limits the emulators enforce (0 or absent: none). */
  limits?: { centraRequestsPer10s?: number; gigsRequestsPerSecond?: number };
  /** How the Centra Integration API behaves (default: as documented). */
  centraIntegration?: IntegrationMode;
};

/** What each emulator factory is given. */
export type EmulatorDeps = {
  db: Database.Database;
  clock: () => Date;
  /** e.g. http://localhost:8080/sandbox/gigs: where the emulator is reachable from a browser. */
  publicBaseUrl: string;
  /** The credential the emulator requires on every API call. */
  apiKey: string;
  /** The upstream's rate limit (429 with Retry-After beyond it); none when absent. */
  rateLimit?: { requests: number; perSeconds: number };
};

/** What each emulator factory returns. */
export type Emulator = {
  app: Hono;
  /** Creates the emulator's tables if missing (idempotent). */
  migrate(): void;
  /** Seeds from the shared people; called once on an empty database. */
  seed(people: Iterable<Person>, onProgress?: (done: number) => void): void;
  /** Counts for the reliability suite: mutations applied, by kind. */
  stats(): Record<string, number>;
  close(): void;
};

export type Sandbox = {
  gigs: Hono;
  centra: Hono;
  gigsEmulator: Emulator;
  centraEmulator: Emulator;
  /** Where the Gigs emulator delivers its webhooks (register an endpoint to switch them on). */
  gigsWebhooks: GigsWebhookSender;
  credentials: { gigsProject: string; gigsApiKey: string; gigsWebhookSecret: string; centraApiKey: string };
  close(): void;
};

export const SANDBOX_GIGS_PROJECT = 'subdesk-sandbox';

export function openSandboxDb(path: string) {
  // Its API keys are in it: 0600 like subdesk's own (db/private-file.ts).
  preparePrivateFile(path);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  // Bulk listings read the whole file over and over: mapped pages skip a read() and a copy each.
  db.pragma('mmap_size = 1073741824');
  db.exec('CREATE TABLE IF NOT EXISTS sandbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
  return db;
}

function meta(db: Database.Database, key: string, make: () => string): string {
  const row = db.prepare('SELECT value FROM sandbox_meta WHERE key = ?').get(key) as { value: string } | undefined;
  if (row) return row.value;
  const value = make();
  db.prepare('INSERT INTO sandbox_meta (key, value) VALUES (?, ?)').run(key, value);
  return value;
}

/**
 * The embedded emulators of Gigs and Centra, sharing one SQLite file of their own, seeded from
 * the same deterministic people on first start so that most customers exist in both.
 */
export function createSandbox(opts: SandboxOptions & { onSeedProgress?: (done: number, total: number) => void }): Sandbox {
  const db = openSandboxDb(opts.dbPath);
  const clock = opts.clock ?? (() => new Date());
  const credentials = {
    gigsProject: SANDBOX_GIGS_PROJECT,
    gigsApiKey: meta(db, 'gigsApiKey', () => `gpk_sandbox_${randomBytes(16).toString('hex')}`),
    // Kept with the data, like Gigs keeps an endpoint's secret: deliveries stay verifiable across restarts.
    gigsWebhookSecret: meta(db, 'gigsWebhookSecret', () => `whsec_${randomBytes(24).toString('base64')}`),
    centraApiKey: meta(db, 'centraApiKey', () => `centra_sandbox_${randomBytes(16).toString('hex')}`),
  };
  const base = opts.publicUrl.replace(/\/+$/, '');
  const limit = (requests: number | undefined, perSeconds: number) => (requests ? { requests, perSeconds } : undefined);
  const gigsEmulator = createGigsSandbox({
    db,
    clock,
    publicBaseUrl: `${base}/sandbox/gigs`,
    apiKey: credentials.gigsApiKey,
    rateLimit: limit(opts.limits?.gigsRequestsPerSecond, 1),
  });
  const centraEmulator = createCentraSandbox({
    db,
    clock,
    publicBaseUrl: `${base}/sandbox/centra`,
    apiKey: credentials.centraApiKey,
    rateLimit: limit(opts.limits?.centraRequestsPer10s, 10),
    integration: opts.centraIntegration,
  });
  gigsEmulator.migrate();
  centraEmulator.migrate();
  if (!db.prepare("SELECT 1 FROM sandbox_meta WHERE key = 'seededCustomers'").get()) {
    const total = opts.customers;
    // Both emulators take the same people; one transaction each keeps seeding fast.
    db.transaction(() => gigsEmulator.seed(people(total), (n) => opts.onSeedProgress?.(Math.floor(n / 2), total)))();
    db.transaction(() => centraEmulator.seed(people(total), (n) => opts.onSeedProgress?.(Math.floor((total + n) / 2), total)))();
    db.prepare('INSERT INTO sandbox_meta (key, value) VALUES (?, ?)').run('seededCustomers', String(total));
  }
  return {
    gigs: gigsEmulator.app,
    centra: centraEmulator.app,
    gigsEmulator,
    centraEmulator,
    gigsWebhooks: gigsEmulator.webhooks,
    credentials,
    close() {
      gigsEmulator.close();
      centraEmulator.close();
      db.close();
    },
  };
}
