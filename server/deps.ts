import type { Engine } from './storage/engine.ts';
import type { LeaseKeeper } from './storage/lease.ts';
import type { Config } from './config.ts';
import type { AuditTrail } from './audit/trail.ts';
import type { AuditWindows } from './audit/windows.ts';
import type { DailyStats } from './audit/stats.ts';
import type { AuditStore } from './audit/store/index.ts';
import type { GigsClient } from './upstream/gigs.ts';
import type { CentraClient } from './upstream/centra.ts';
import type { Logger } from './logger.ts';
import type { HealthCheck } from './status/health.ts';
import type { PublicAddress } from './http/public-address.ts';
import type { Feeds } from './feeds/index.ts';
import type { AuthServices } from './auth/services.ts';
import type { CustomersService } from './customers/service.ts';
import type { PlansService } from './plans/index.ts';
import type { NotesStore } from './notes/store/index.ts';
import type { ConnectSessionsStore } from './gigs/store/index.ts';
import type { IdempotencyStore } from './http/idempotency-store/index.ts';

/** What the app's services are built from (server/bootstrap.ts, or a test's fresh database). */
export type BaseDeps = {
  config: Config;
  /** The engine the stores are built on (server/storage/engine.ts). */
  engine: Engine;
  clock: () => Date;
  logger: Logger;
  /** The audit log, on either engine (server/audit/trail.ts). A store writing rows with their entry uses its engine's own. */
  audit: AuditTrail;
  /** Entries that stand for many requests: views, searches, anonymous denials (audit/windows.ts). */
  auditWindows: AuditWindows;
  gigs: GigsClient;
  centra: CentraClient;
  health: HealthCheck;
  /** PUBLIC_URL against the addresses staff use (server/http/public-address.ts). */
  publicAddress: PublicAddress;
  feeds: Feeds;
  /** Whether this instance holds the background work (server/background.ts); the health check reports it. */
  backgroundLease: LeaseKeeper;
};

/** The services each app builds once from its BaseDeps (server/services.ts), with their caches. */
export type Services = {
  auth: AuthServices;
  /** The customer index: store, search, crawler, Centra contract walk and events feed. */
  customers: CustomersService;
  /** The plans area's catalogue cache and counts. */
  plans: PlansService;
  /** The audit log's reading side: lists, export, verification (server/audit/store/). */
  auditStore: AuditStore;
  /** Audit entries per day, finished days counted once. */
  auditStats: DailyStats;
  /** Staff notes on customers (server/notes/store). */
  notes: NotesStore;
  /** Connect links made for customers (server/gigs/store). */
  connectSessions: ConnectSessionsStore;
  /** Idempotency-Key claims and kept answers (server/http/idempotency.ts). */
  idempotency: IdempotencyStore;
};

/** Everything the app is built from. Tests build it on a fresh database and the sandbox. */
export type Deps = BaseDeps & Services;
