import type { Hono } from 'hono';
import type { Config } from './config.ts';
import type { Db } from '../db/connection.ts';
import type { Logger } from './logger.ts';
import type { Deps } from './deps.ts';
import { AuditLog } from './audit/log.ts';
import { loadOrCreateSigningKey } from './audit/signing.ts';
import { reconcilePending } from './audit/reconcile.ts';
import { GigsClient } from './upstream/gigs.ts';
import { CentraClient } from './upstream/centra.ts';
import { createSandbox, type Sandbox } from './sandbox/index.ts';
import { startAuth } from './auth/startup.ts';
import { startCustomerIndex, stopCustomerIndex } from './customers/startup.ts';
import { scheduleSessionSettling } from './gigs/settle-pending.ts';
import { createFeeds, startFeeds, stopFeeds } from './feeds/index.ts';

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
export async function buildDeps(args: { config: Config; db: Db; logger: Logger; localPort: number; clock?: () => Date }): Promise<Built> {
  const { config, db, logger } = args;
  const clock = args.clock ?? (() => new Date());
  const local = `http://127.0.0.1:${args.localPort}`;
  const sandbox = config.sandbox.gigs || config.sandbox.centra
    ? createSandbox({ dbPath: config.sandboxDatabasePath, customers: config.SANDBOX_CUSTOMERS, publicUrl: config.publicUrl, clock })
    : undefined;

  const gigs = new GigsClient({
    baseUrl: config.sandbox.gigs ? `${local}/sandbox/gigs` : config.GIGS_API_URL!,
    project: config.sandbox.gigs ? sandbox!.credentials.gigsProject : config.GIGS_PROJECT,
    apiKey: config.sandbox.gigs ? sandbox!.credentials.gigsApiKey : config.GIGS_API_KEY!,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
  });
  const centra = new CentraClient({
    shopUrl: config.sandbox.centra ? `${local}/sandbox/centra/api/shop` : config.CENTRA_SHOP_API_URL!,
    orderUrl: config.sandbox.centra ? `${local}/sandbox/centra/api/order` : config.CENTRA_ORDER_API_URL!,
    apiKey: config.sandbox.centra ? sandbox!.credentials.centraApiKey : config.CENTRA_API_KEY!,
    integrationUrl: config.sandbox.centra ? `${local}/sandbox/centra/graphql` : config.CENTRA_INTEGRATION_API_URL!,
    integrationToken: config.sandbox.centra ? sandbox!.credentials.centraApiKey : config.CENTRA_INTEGRATION_API_TOKEN!,
    timeoutMs: config.UPSTREAM_TIMEOUT_MS,
  });

  const audit = new AuditLog(db, clock, { signer: loadOrCreateSigningKey(config.auditSigningKeyPath), checkpointEvery: config.AUDIT_CHECKPOINT_EVERY });
  // Gigs webhooks: the configured endpoint secret; in sandbox mode the sandbox's own, and the
  // sandbox delivers to this server as Gigs would to a registered endpoint.
  const gigsWebhookSecret = config.GIGS_WEBHOOK_SECRET ?? (config.sandbox.gigs ? sandbox!.credentials.gigsWebhookSecret : undefined);
  if (config.sandbox.gigs && gigsWebhookSecret) sandbox!.gigsWebhooks.register({ url: `${local}/webhooks/gigs`, secret: gigsWebhookSecret });
  const feeds = createFeeds({ db, clock, logger, gigsWebhookSecret });
  const deps: Deps = { config, db, clock, logger, audit, gigs, centra, feeds };
  const banner: string[] = [];
  let stopSettling = () => {};

  return {
    deps,
    sandbox,
    sandboxApps: sandbox ? { gigs: config.sandbox.gigs ? sandbox.gigs : undefined, centra: config.sandbox.centra ? sandbox.centra : undefined } : undefined,
    banner,
    async start() {
      await reconcilePending(deps).catch((err) => logger.error('audit reconciliation failed', { error: String(err) }));
      banner.push(...(await startAuth(deps)));
      startCustomerIndex(deps);
      startFeeds(deps);
      stopSettling = scheduleSessionSettling(deps);
    },
    async stop() {
      stopSettling();
      sandbox?.gigsWebhooks.stop();
      await stopFeeds(deps);
      await stopCustomerIndex(deps);
      audit.checkpoint();
      sandbox?.close();
    },
  };
}
