import { LeaseKeeper, SingleInstanceLease } from '../../server/storage/lease.ts';
import { staff } from '../../db/schema.ts';
import * as pgSchema from '../../db/schema.pg.ts';
import { openDatabase, type Db } from '../../db/connection.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { AuditLog } from '../../server/audit/log.ts';
import { AuditWindows } from '../../server/audit/windows.ts';
import { createApp, type App } from '../../server/app.ts';
import type { Deps } from '../../server/deps.ts';
import type { Role } from '../../server/vocabulary/roles.ts';
import { PublicAddress } from '../../server/http/public-address.ts';
import { hashPassword } from '../../server/auth/password.ts';
import type { AuthDeps, AuthedDeps } from '../../server/auth/services.ts';
import { sessionCookieName } from '../../server/auth/cookie.ts';
import { hashSessionToken, newSessionToken } from '../../server/auth/tokens.ts';
import { createFeeds } from '../../server/feeds/index.ts';
import { withServices } from '../../server/services.ts';
import { GigsClient } from '../../server/upstream/gigs.ts';
import { CentraClient } from '../../server/upstream/centra.ts';
import { rowsOf } from './engines.ts';

/** The password of every member made by `createMember` (unless another is given). */
export const TEST_STAFF_PASSWORD = 'correct horse battery staple 42';

let testHash: Promise<string> | undefined;
/** scrypt at full cost takes ~0.3 s: hash the shared test password once per test process. */
const sharedHash = () => (testHash ??= hashPassword(TEST_STAFF_PASSWORD));

let counter = 0;

export type TestMember = { id: number; email: string; role: Role; password: string };

/**
 * Inserts a staff member straight into the table (no audit entry, so other suites' audit counts
 * are not disturbed). Password: TEST_STAFF_PASSWORD unless `password` is given (then hashed anew).
 */
export async function createMember(
  server: { deps: AuthDeps & Pick<Deps, 'engine'> },
  role: Role,
  opts: { email?: string; password?: string; mustChangePassword?: boolean; disabled?: boolean } = {},
): Promise<TestMember> {
  const email = (opts.email ?? `${role}.${process.pid}.${++counter}@test.subdesk`).toLowerCase();
  const password = opts.password ?? TEST_STAFF_PASSWORD;
  const passwordHash = opts.password ? await hashPassword(opts.password) : await sharedHash();
  const now = server.deps.clock().toISOString();
  const values = {
    email,
    role,
    passwordHash,
    mustChangePassword: opts.mustChangePassword ?? false,
    disabled: opts.disabled ?? false,
    createdAt: now,
    updatedAt: now,
  };
  const { engine } = server.deps;
  const row =
    engine.kind === 'sqlite'
      ? engine.db.insert(staff).values(values).returning().get()
      : (await engine.db.insert(pgSchema.staff).values(values).returning())[0]!;
  return { id: row.id, email, role, password };
}

/**
 * A `Cookie` header value for a new session of `member` (no password check: fast). The rows are
 * written straight into the test's database (SQLite or PostgreSQL), as the session store writes them.
 */
export async function sessionCookie(server: { deps: AuthedDeps & Pick<Deps, 'engine'> }, member: { id: number }): Promise<string> {
  const token = newSessionToken();
  const now = server.deps.clock().getTime();
  await rowsOf(server.deps, 'INSERT INTO staff_sessions (token_hash, staff_id, created_at, last_seen_at, ip, user_agent) VALUES ($1, $2, $3, $3, $4, $5)', [
    hashSessionToken(token),
    member.id,
    now,
    '127.0.0.1',
    'vitest',
  ]);
  await rowsOf(server.deps, 'UPDATE staff SET last_seen_at = $1 WHERE id = $2', [now, member.id]);
  return `${sessionCookieName(server.deps.config)}=${token}`;
}

/**
 * Signs in as a fresh member of `role` and answers the `Cookie` header to send, e.g.
 * `app.request('/api/customers', { headers: { cookie: await loginAs(server, 'support') } })`.
 * Fast: after the first call (one scrypt per process) it is two inserts.
 */
export async function loginAs(server: { deps: AuthedDeps & Pick<Deps, 'engine'> }, role: Role, opts: { mustChangePassword?: boolean } = {}): Promise<string> {
  return sessionCookie(server, await createMember(server, role, opts));
}

export type AuthTestApp = {
  app: App;
  deps: Deps;
  /** Moves the injected clock. */
  advance(ms: number): void;
  setNow(date: Date): void;
  close(): void;
};

/**
 * Deps with every service built the way the bootstrap builds them (server/services.ts), over
 * upstream clients that reach nothing: any route calling Gigs or Centra here fails loudly.
 */
export function depsWithoutUpstreams(args: { config: Config; db: Db; clock: () => Date; audit?: AuditLog }): Deps {
  const { config, db, clock } = args;
  const audit = args.audit ?? new AuditLog(db, clock);
  const noUpstream = { timeoutMs: 1_000, fetch: () => Promise.reject(new Error('this app has no upstreams')), sleep: async () => {} };
  return withServices({
    config,
    engine: { kind: 'sqlite', db, audit },
    clock,
    logger: createLogger('silent'),
    audit,
    auditWindows: new AuditWindows(audit, clock),
    gigs: new GigsClient({ baseUrl: 'http://unused.invalid', project: 'none', apiKey: '', ...noUpstream }),
    centra: new CentraClient({ shopUrl: 'http://unused.invalid', orderUrl: 'http://unused.invalid', apiKey: '', ...noUpstream }),
    health: null as unknown as Deps['health'],
    publicAddress: new PublicAddress(config.publicUrl, createLogger('silent')),
    backgroundLease: new LeaseKeeper(new SingleInstanceLease()),
    feeds: createFeeds({ engine: { kind: 'sqlite', db, audit }, clock, logger: createLogger('silent'), gigsWebhookSecret: config.GIGS_WEBHOOK_SECRET }),
  });
}

/**
 * The real app on a fresh in-memory database, without the sandbox or upstream clients: enough for
 * sign-in, sessions, staff and security tests. The clock is injected and movable.
 */
export function startAuthTestApp(env: Record<string, string> = {}, options: { staticRoot?: string } = {}): AuthTestApp {
  // Suites about other things sign admins and auditors in with their password alone; the second
  // factor's own suites (test/second-factor.test.ts) set REQUIRE_SECOND_FACTOR as the product's default.
  const config = loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', PORT: '8080', REQUIRE_SECOND_FACTOR: 'none', ...env });
  const db = openDatabase(':memory:');
  let now = new Date('2026-03-02T09:00:00Z').getTime();
  const clock = () => new Date(now);
  const deps = depsWithoutUpstreams({ config, db, clock });
  const app = createApp(deps, options);
  return {
    app,
    deps,
    advance: (ms) => {
      now += ms;
    },
    setNow: (d) => {
      now = d.getTime();
    },
    close: () => {
      deps.auditWindows.close();
      db.$client.close();
    },
  };
}

/** Options for `app.request`: JSON body, cookie, and a peer address (what getConnInfo reads). */
export function req(
  method: string,
  opts: { body?: unknown; cookie?: string; ip?: string; headers?: Record<string, string> } = {},
): [RequestInit, { incoming: { socket: { remoteAddress: string } } }] {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.body !== undefined) headers['content-type'] ??= 'application/json';
  if (opts.cookie) headers.cookie = opts.cookie;
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  // A real HTTP/1.1 request always says how long its body is; app.request() does not add it.
  if (body !== undefined) headers['content-length'] ??= String(Buffer.byteLength(body));
  return [{ method, headers, body }, { incoming: { socket: { remoteAddress: opts.ip ?? '192.0.2.10' } } }];
}

/** The `name=value` pair of the session cookie a response sets (or undefined). */
export function sessionFromResponse(res: Response): string | undefined {
  const all = res.headers.getSetCookie();
  for (const line of all) {
    const pair = line.split(';')[0]!;
    if (/^(__Host-)?subdesk_session=./.test(pair)) return pair;
  }
  return undefined;
}
