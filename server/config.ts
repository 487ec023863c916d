import { z } from 'zod';
import { parseSyslogUrl } from './audit/syslog.ts';
import { ROLES, type Role } from './vocabulary/roles.ts';

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
  /** A PostgreSQL server (`postgres://user:password@host:5432/subdesk`): migrations and the PostgreSQL test suite use it; the server itself does not run on it yet (docs/postgres.md). */
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\/[^/]/.test(v), 'must be a postgres:// or postgresql:// URL'),
  SANDBOX_DATABASE_PATH: optionalText,
  /** Which systems this business uses: both by default; `gigs` or `centra` alone for a business without the other. */
  UPSTREAMS: z
    .string()
    .trim()
    .default('gigs,centra')
    .transform((v, ctx) => {
      const names = v
        .split(',')
        .map((n) => n.trim().toLowerCase())
        .filter(Boolean);
      const bad = names.filter((n) => n !== 'gigs' && n !== 'centra');
      if (bad.length || !names.length) ctx.addIssue({ code: 'custom', message: 'must be gigs, centra or gigs,centra' });
      return { gigs: names.includes('gigs'), centra: names.includes('centra') };
    }),
  GIGS_API_URL: optionalUrl,
  GIGS_PROJECT: optionalText,
  GIGS_API_KEY: optionalText,
  CENTRA_SHOP_API_URL: optionalUrl,
  CENTRA_ORDER_API_URL: optionalUrl,
  CENTRA_API_KEY: optionalText,
  /** Centra's Integration API (GraphQL): optional; when its schema and token allow, contracts are listed in bulk there. */
  CENTRA_INTEGRATION_API_URL: optionalUrl,
  CENTRA_INTEGRATION_API_TOKEN: optionalText,
  /** How often Centra's Events system is asked for changes (Centra advises about once a minute). */
  CENTRA_EVENTS_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  /** Rate budgets subdesk keeps to on each upstream (the merchant's limits are shared with their shop). */
  CENTRA_REQUESTS_PER_10S: z.coerce.number().min(0.1).max(10_000).default(30),
  GIGS_REQUESTS_PER_SECOND: z.coerce.number().min(0.1).max(10_000).default(25),
  /** The most of each budget background work (crawls, settling links) may use; staff calls go first. */
  BACKGROUND_SHARE: z.coerce.number().min(0.05).max(1).default(0.5),
  /** Rate limits the embedded sandboxes enforce with 429 and Retry-After (0: none). */
  SANDBOX_CENTRA_REQUESTS_PER_10S: z.coerce.number().min(0).max(100_000).default(0),
  SANDBOX_GIGS_REQUESTS_PER_SECOND: z.coerce.number().min(0).max(100_000).default(0),
  /** How the sandbox's Centra Integration API behaves: as documented, without the contract listing, or with a token refused it. */
  SANDBOX_CENTRA_INTEGRATION: z.enum(['full', 'without-contracts', 'without-permission', 'without-events', 'without-event-permission']).default('full'),
  PUBLIC_URL: optionalUrl,
  CONNECT_CALLBACK_URL: optionalUrl,
  AUDIT_SIGNING_KEY_PATH: optionalText,
  /**
   * Who must have a second factor (passkey or authenticator app) to sign in: `all`, `none`, or a
   * list of roles. Members without one are asked to enrol at their next sign-in.
   */
  REQUIRE_SECOND_FACTOR: z
    .string()
    .trim()
    .default('admin,auditor')
    .transform((v, ctx): Role[] => {
      const value = v.toLowerCase();
      if (value === 'all') return [...ROLES];
      if (value === 'none') return [];
      const names = value
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean);
      const bad = names.filter((n) => !(ROLES as readonly string[]).includes(n));
      if (bad.length || !names.length) ctx.addIssue({ code: 'custom', message: `must be all, none, or roles from ${ROLES.join(', ')} separated by commas` });
      return names as Role[];
    }),
  /** The sign-in secrets' key (server/auth/auth-key.ts); by default beside the audit signing key. */
  AUTH_KEY_PATH: optionalText,
  AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** The audit witness: every checkpoint appended to this JSON-lines file, outside the database (server/audit/witness.ts). */
  AUDIT_WITNESS_PATH: optionalText,
  /** Optionally also sent to a syslog collector: `udp://host:port` (RFC 5424 over UDP). */
  AUDIT_WITNESS_SYSLOG: optionalText.transform((v, ctx) => {
    if (v === undefined) return null;
    const target = parseSyslogUrl(v);
    if (!target) ctx.addIssue({ code: 'custom', message: 'must be udp://host:port (for example udp://127.0.0.1:514)' });
    return target;
  }),
  /** Unset: once a day with a change feed on (the crawl reconciles what the feed missed), else every 300 s. */
  SYNC_INTERVAL_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(86_400 * 7)
    .optional(),
  /** The Gigs webhook endpoint's signing secret (`whsec_` + base64): turns POST /webhooks/gigs on. */
  GIGS_WEBHOOK_SECRET: optionalText.pipe(
    z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be whsec_ followed by the base64 secret Gigs shows for the endpoint')
      .optional(),
  ),
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
  /**
   * Every used system has a change feed that keeps the index fresh: Gigs webhooks (GIGS_WEBHOOK_SECRET,
   * or the sandbox, which delivers them to subdesk) and Centra's Events (the Integration API, or the
   * sandbox). Then the scheduled crawl is a daily full one that reconciles what a feed missed.
   */
  feedsOn: boolean;
  /** Which database subdesk runs on: PostgreSQL when DATABASE_URL is set, else the SQLite file at DATABASE_PATH. */
  engine: 'sqlite' | 'postgres';
  publicUrl: string;
  connectCallbackUrl: string;
  auditSigningKeyPath: string;
  /** `:memory:` when the database lives in memory (the key then lives as long). */
  authKeyPath: string;
  auditWitnessPath: string;
  sandboxDatabasePath: string;
  /** The systems this business uses (UPSTREAMS). */
  used: { gigs: boolean; centra: boolean };
  /** Used systems with nothing configured: the embedded sandboxes are mounted and used (never beside a real system). */
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
  const problems = upstreamProblems(e);
  if (problems.length) throw new ConfigError(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  const anyReal = Boolean(e.GIGS_API_URL || e.CENTRA_SHOP_API_URL);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const dataDir = e.DATABASE_PATH === ':memory:' ? 'data' : e.DATABASE_PATH.replace(/[^/]*$/, '') || '.';
  const sandbox = { gigs: e.UPSTREAMS.gigs && !anyReal, centra: e.UPSTREAMS.centra && !anyReal };
  const gigsFeed = !e.UPSTREAMS.gigs || sandbox.gigs || Boolean(e.GIGS_WEBHOOK_SECRET);
  const centraFeed = !e.UPSTREAMS.centra || sandbox.centra || Boolean(e.CENTRA_INTEGRATION_API_URL);
  const feedsOn = gigsFeed && centraFeed;
  const auditSigningKeyPath = e.AUDIT_SIGNING_KEY_PATH ?? `${dataDir.replace(/\/$/, '')}/audit-signing-key.pem`;
  const besideSigningKey = auditSigningKeyPath.replace(/[^/]*$/, '') || './';
  return {
    ...e,
    SYNC_INTERVAL_SECONDS: e.SYNC_INTERVAL_SECONDS ?? (feedsOn ? 86_400 : 300),
    feedsOn,
    engine: e.DATABASE_URL ? 'postgres' : 'sqlite',
    publicUrl,
    connectCallbackUrl: e.CONNECT_CALLBACK_URL ?? `${publicUrl}/connect/done`,
    auditSigningKeyPath,
    authKeyPath: e.AUTH_KEY_PATH ?? (e.DATABASE_PATH === ':memory:' ? ':memory:' : `${besideSigningKey}auth-key`),
    auditWitnessPath: e.AUDIT_WITNESS_PATH ?? `${dataDir.replace(/\/$/, '')}/audit-witness.jsonl`,
    sandboxDatabasePath: e.SANDBOX_DATABASE_PATH ?? `${dataDir.replace(/\/$/, '')}/sandbox.db`,
    used: e.UPSTREAMS,
    sandbox,
  };
}

const GIGS_VARS = ['GIGS_API_URL', 'GIGS_PROJECT', 'GIGS_API_KEY'] as const;
const CENTRA_VARS = ['CENTRA_SHOP_API_URL', 'CENTRA_ORDER_API_URL', 'CENTRA_API_KEY'] as const;
const INTEGRATION_VARS = ['CENTRA_INTEGRATION_API_URL', 'CENTRA_INTEGRATION_API_TOKEN'] as const;

/**
 * What a partial configuration means. Nothing configured: both systems are the embedded sandbox
 * (a demo). A system configured: it is real, and every other system the business uses
 * (UPSTREAMS) must be configured too; a system it does not use is off, not emulated. So a
 * forgotten variable stops the start, and sandbox data never sits beside real customers.
 */
function upstreamProblems(e: Env): string[] {
  const set = (names: readonly (keyof Env)[]) => names.filter((n) => e[n] !== undefined);
  const unset = (names: readonly (keyof Env)[]) => names.filter((n) => e[n] === undefined);
  const problems: string[] = [];
  const gigs = set(GIGS_VARS);
  const centra = set(CENTRA_VARS);
  const integration = set(INTEGRATION_VARS);
  for (const [system, vars, given, use] of [
    ['Gigs', GIGS_VARS, gigs, 'gigs'],
    ['Centra', CENTRA_VARS, centra, 'centra'],
  ] as const) {
    if (given.length && !e.UPSTREAMS[use]) problems.push(`${given.join(', ')}: set, but UPSTREAMS leaves ${system} out; add ${use} to UPSTREAMS or unset them`);
    else if (given.length && given.length < vars.length)
      problems.push(`${unset(vars).join(', ')}: required with ${given.join(', ')} (${system} needs all of ${vars.join(', ')})`);
  }
  if (integration.length && integration.length < INTEGRATION_VARS.length)
    problems.push(`${unset(INTEGRATION_VARS).join(', ')}: required with ${integration.join(', ')}`);
  if (integration.length && !centra.length)
    problems.push(`${integration.join(', ')}: the Integration API is used beside the Shop and Order APIs; set ${CENTRA_VARS.join(', ')} too`);
  const anyReal = gigs.length > 0 || centra.length > 0;
  if (anyReal && e.UPSTREAMS.gigs && !gigs.length)
    problems.push(
      `${GIGS_VARS.join(', ')}: required, since Centra is configured and UPSTREAMS includes gigs (set UPSTREAMS=centra for a business without Gigs)`,
    );
  if (anyReal && e.UPSTREAMS.centra && !centra.length)
    problems.push(
      `${CENTRA_VARS.join(', ')}: required, since Gigs is configured and UPSTREAMS includes centra (set UPSTREAMS=gigs for a business without Centra)`,
    );
  return problems;
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
