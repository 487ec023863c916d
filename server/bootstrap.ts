import type { Hono } from 'hono';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import type { Deps } from './deps.ts';
import { AuditWindows } from './audit/windows.ts';
import { AuditWitness } from './audit/witness.ts';
import { loadOrCreateSigningKey } from './audit/signing.ts';
import { GigsClient } from './upstream/gigs.ts';
import { CentraClient } from './upstream/centra.ts';
import { RateBudget } from './upstream/budget.ts';
import { HealthCheck } from './status/health.ts';
import { createSandbox, type Sandbox } from './sandbox/index.ts';
import { startAuth } from './auth/startup.ts';
import { PublicAddress } from './http/public-address.ts';
import { withServices } from './services.ts';
import { BackgroundWork } from './background.ts';
import { type Lease, LeaseKeeper } from './storage/lease.ts';
import { backgroundLeaseOf, engineOf, housekeepingOf, type OpenedDatabase } from './storage/open.ts';

/** Where the client of a system the business does not use points: nowhere (it is never called). */
const UNUSED = 'http://unused.invalid';
import { createFeeds } from './feeds/index.ts';

export type Built = {
  deps: Deps;
  sandbox?: Sandbox;
  sandboxApps?: { gigs?: Hono; centra?: Hono };
  /** Lines printed after the URL at start-up (how to sign in). */
  banner: string[];
  /** Start-up work after the server listens: demo accounts, reconciliation, first crawl. */
  start(): Promise<void>;
  /** Shutdown work: final audit checkpoint, stop schedules, close the sandbox. */
  stop(): Promise<void>;
};

/**
 * Wires subdesk from its configuration. With no upstream configured, the embedded sandboxes are
 * created and the clients point at them over real HTTP on this server's own port: the same
 * client code runs against the sandbox and against the real systems.
 */
export async function buildDeps(args: {
  config: Config;
  /** subdesk's own database, opened and migrated (server/storage/open.ts); the caller closes it. */
  database: OpenedDatabase;
  logger: Logger;
  localPort: number;
  clock?: () => Date;
  /** Who does the background work (default: this process on SQLite, a lease row on PostgreSQL). */
  lease?: Lease;
}): Promise<Built> {
  const { config, database, logger } = args;
  const clock = args.clock ?? (() => new Date());
  const local = `http://127.0.0.1:${args.localPort}`;
  const sandbox =
    config.sandbox.gigs || config.sandbox.centra
      ? createSandbox({
          dbPath: config.sandboxDatabasePath,
          customers: config.SANDBOX_CUSTOMERS,
          publicUrl: config.publicUrl,
          clock,
          limits: { centraRequestsPer10s: config.SANDBOX_CENTRA_REQUESTS_PER_10S, gigsRequestsPerSecond: config.SANDBOX_GIGS_REQUESTS_PER_SECOND },
          centraIntegration: config.SANDBOX_CENTRA_INTEGRATION,
        })
      : undefined;

  // A system the business does not use (UPSTREAMS) gets a client that is never called: the
  // crawl, the customer page, the routes and the health check all ask `config.used` first.
  const gigs = new GigsClient({
    baseUrl: config.sandbox.gigs ? `${local}/sandbox/gigs` : (config.GIGS_API_URL ?? UNUSED),
    project: config.sandbox.gigs ? sandbox!.credentials.gigsProject : (config.GIGS_PROJECT ?? 'unused'),
    apiKey: config.sandbox.gigs ? sandbox!.credentials.gigsApiKey : (config.GIGS_API_KEY ?? ''),
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    budget: new RateBudget({ system: 'gigs', requests: config.GIGS_REQUESTS_PER_SECOND, perSeconds: 1, backgroundShare: config.BACKGROUND_SHARE }),
  });
  const centra = new CentraClient({
    shopUrl: config.sandbox.centra ? `${local}/sandbox/centra/api/shop` : (config.CENTRA_SHOP_API_URL ?? UNUSED),
    orderUrl: config.sandbox.centra ? `${local}/sandbox/centra/api/order` : (config.CENTRA_ORDER_API_URL ?? UNUSED),
    apiKey: config.sandbox.centra ? sandbox!.credentials.centraApiKey : (config.CENTRA_API_KEY ?? ''),
    // The sandbox offers the Integration API; a real Centra only when its variables are set.
    integrationUrl: config.sandbox.centra ? `${local}/sandbox/centra/graphql` : config.CENTRA_INTEGRATION_API_URL,
    integrationToken: config.sandbox.centra ? sandbox!.credentials.centraApiKey : config.CENTRA_INTEGRATION_API_TOKEN,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
    budget: new RateBudget({ system: 'centra', requests: config.CENTRA_REQUESTS_PER_10S, perSeconds: 10, backgroundShare: config.BACKGROUND_SHARE }),
  });

  const witness = new AuditWitness(config.auditWitnessPath, { syslog: config.AUDIT_WITNESS_SYSLOG, logger, clock });
  const engine = engineOf(database, clock, {
    signer: loadOrCreateSigningKey(config.auditSigningKeyPath),
    checkpointEvery: config.AUDIT_CHECKPOINT_EVERY,
    witness,
  });
  const { audit } = engine;
  witness.start(await audit.currentHead());
  const auditWindows = new AuditWindows(audit, clock, { logger });
  const publicAddress = new PublicAddress(config.publicUrl, logger);
  // Gigs webhooks: the configured endpoint secret; in sandbox mode the sandbox's own, and the
  // sandbox delivers to this server as Gigs would to a registered endpoint.
  const gigsWebhookSecret = config.GIGS_WEBHOOK_SECRET ?? (config.sandbox.gigs ? sandbox!.credentials.gigsWebhookSecret : undefined);
  if (config.sandbox.gigs && gigsWebhookSecret) sandbox!.gigsWebhooks.register({ url: `${local}/webhooks/gigs`, secret: gigsWebhookSecret });
  const feeds = createFeeds({ engine, clock, logger, gigsWebhookSecret });
  // Background work runs on the lease holder (server/background.ts); on SQLite that is always this
  // process. The keeper first calls these in start(), once `work` below exists.
  const leaseKeeper = new LeaseKeeper(args.lease ?? backgroundLeaseOf(engine), {
    onAcquired: () => void work.start(),
    onLost: () => void work.stop(),
    onError: (err) => logger.warn('the background lease could not be renewed; the work stops when it runs out', { error: String(err) }),
  });
  const deps = withServices({
    config,
    engine,
    clock,
    logger,
    audit,
    auditWindows,
    gigs,
    centra,
    health: new HealthCheck({ config, engine, gigs, centra }),
    publicAddress,
    feeds,
    backgroundLease: leaseKeeper,
  });
  const work = new BackgroundWork(deps);
  const banner: string[] = [];
  const housekeeping = housekeepingOf(engine, logger);

  return {
    deps,
    sandbox,
    sandboxApps: sandbox ? { gigs: config.sandbox.gigs ? sandbox.gigs : undefined, centra: config.sandbox.centra ? sandbox.centra : undefined } : undefined,
    banner,
    async start() {
      housekeeping.start();
      banner.push(...(await startAuth(deps)), ...publicAddress.startupWarnings());
      // The first round decides whether this instance does the background work; when it does, the
      // server answers once start-up reconciliation has run, as it always has.
      leaseKeeper.start();
      await leaseKeeper.tick();
      await work.settled();
    },
    async stop() {
      sandbox?.gigsWebhooks.stop();
      await leaseKeeper.stop();
      await work.stop();
      await deps.feeds.inbox.close();
      // The windows still open are written before the last checkpoint, so it covers them.
      await auditWindows.close();
      // The head at shutdown, signed, in the database and in the witness (and sent to syslog).
      await audit.checkpoint();
      await witness.close();
      sandbox?.close();
      await housekeeping.stop();
    },
  };
}
