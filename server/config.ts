import { z } from 'zod';

/**
 * Configuration comes only from the environment, parsed once at start-up.
 * A bad value stops the start with a message naming the variable.
 */
const optionalUrl = z
  .string()
  .trim()
  .url()
  .optional()
  .or(z.literal('').transform(() => undefined));

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  DATABASE_PATH: z.string().trim().min(1).default('data/subdesk.db'),
  SANDBOX_DATABASE_PATH: optionalText,
  GIGS_API_URL: optionalUrl,
  GIGS_PROJECT: z.string().trim().min(1).default('subdesk'),
  GIGS_API_KEY: optionalText,
  CENTRA_SHOP_API_URL: optionalUrl,
  CENTRA_ORDER_API_URL: optionalUrl,
  CENTRA_API_KEY: optionalText,
  /** Centra's Integration API (GraphQL), used only to list subscription contracts in bulk for the crawl. */
  CENTRA_INTEGRATION_API_URL: optionalUrl,
  CENTRA_INTEGRATION_API_TOKEN: optionalText,
  PUBLIC_URL: optionalUrl,
  CONNECT_CALLBACK_URL: optionalUrl,
  AUDIT_SIGNING_KEY_PATH: optionalText,
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Unset: once a day with a change feed on (the crawl reconciles what the feed missed), else every 300 s. */
  SYNC_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400 * 7).optional(),
  /** The Gigs webhook endpoint's signing secret (`whsec_` + base64): turns POST /webhooks/gigs on. */
  GIGS_WEBHOOK_SECRET: optionalText.pipe(z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by the base64 secret Gigs shows for the endpoint').optional()),
  /** Reverse proxies in front of subdesk that append to X-Forwarded-For (0: the peer is the client). */
  TRUSTED_PROXIES: z.coerce.number().int().min(0).max(10).default(0),
  SUBDESK_DEMO_PASSWORD: optionalText,
  SANDBOX_CUSTOMERS: z.coerce.number().int().min(1).max(1_000_000).default(320),
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export type Config = Omit<Env, 'SYNC_INTERVAL_SECONDS'> & {
  /** Seconds between scheduled crawls (0: none); the default depends on whether a change feed is on. */
  SYNC_INTERVAL_SECONDS: number;
  /** A change feed keeps the index fresh: Gigs webhooks are configured, or the sandbox (which delivers them to subdesk). */
  feedsOn: boolean;
  publicUrl: string;
  connectCallbackUrl: string;
  auditSigningKeyPath: string;
  sandboxDatabasePath: string;
  /** True when neither upstream URL is configured: the embedded sandboxes are mounted and used. */
  sandbox: { gigs: boolean; centra: boolean };
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const gigsConfigured = Boolean(e.GIGS_API_URL);
  const centraConfigured = Boolean(e.CENTRA_SHOP_API_URL || e.CENTRA_ORDER_API_URL);
  if (gigsConfigured && !e.GIGS_API_KEY) throw new ConfigError('Invalid configuration:\n  GIGS_API_KEY: required when GIGS_API_URL is set');
  if (centraConfigured && !(e.CENTRA_SHOP_API_URL && e.CENTRA_ORDER_API_URL)) {
    throw new ConfigError('Invalid configuration:\n  CENTRA_SHOP_API_URL, CENTRA_ORDER_API_URL: set both or neither');
  }
  if (centraConfigured && !e.CENTRA_API_KEY) throw new ConfigError('Invalid configuration:\n  CENTRA_API_KEY: required when the Centra URLs are set');
  if (centraConfigured && !(e.CENTRA_INTEGRATION_API_URL && e.CENTRA_INTEGRATION_API_TOKEN)) {
    throw new ConfigError('Invalid configuration:\n  CENTRA_INTEGRATION_API_URL, CENTRA_INTEGRATION_API_TOKEN: required with the Centra URLs (the crawl lists contracts in bulk)');
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const dataDir = e.DATABASE_PATH === ':memory:' ? 'data' : e.DATABASE_PATH.replace(/[^/]*$/, '') || '.';
  const feedsOn = Boolean(e.GIGS_WEBHOOK_SECRET) || !gigsConfigured;
  return {
    ...e,
    SYNC_INTERVAL_SECONDS: e.SYNC_INTERVAL_SECONDS ?? (feedsOn ? 86_400 : 300),
    feedsOn,
    publicUrl,
    connectCallbackUrl: e.CONNECT_CALLBACK_URL ?? `${publicUrl}/connect/done`,
    auditSigningKeyPath: e.AUDIT_SIGNING_KEY_PATH ?? `${dataDir.replace(/\/$/, '')}/audit-signing-key.pem`,
    sandboxDatabasePath: e.SANDBOX_DATABASE_PATH ?? `${dataDir.replace(/\/$/, '')}/sandbox.db`,
    sandbox: { gigs: !gigsConfigured, centra: !centraConfigured },
  };
}

/** For entry points (server, CLIs): the configuration, or a message naming the bad variable and exit 1. */
export function loadConfigOrExit(env: Record<string, string | undefined> = process.env): Config {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}
