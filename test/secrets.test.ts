import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../server/config.ts';
import { openDatabase } from '../db/connection.ts';
import { createLogger } from '../server/logger.ts';
import { buildDeps, type Built } from '../server/bootstrap.ts';
import { createApp, type App } from '../server/app.ts';
import { customerIdFor, emailKey } from '../server/customers/normalise.ts';
import { createMember, req, sessionFromResponse, TEST_STAFF_PASSWORD } from './helpers/auth.ts';
import { pendingFromResponse } from './helpers/second-factor.ts';
import { Secret, TOTP } from 'otpauth';
import type { TestServer } from './helpers/server.ts';
import { addFault as addCentraFault, clearFaults as clearCentraFaults, clientFor, picker } from './centra-helpers.ts';
import { gigsClient } from './gigs-helpers.ts';
import { sqliteOf } from './helpers/engines.ts';

/**
 * A realistic session (sign-ins, a failed one, an admin and an auditor enrolling an authenticator
 * app as their role requires and spending a recovery code, staff creation with a one-time password, a password
 * change, searches, customer pages, a Centra change, a Centra fault, a Connect link, the audit
 * list, export and verify), every response body and header, every log line (the logger writes into
 * this test), the audit table and the raw SQLite files (db and -wal) are captured, then scanned:
 * no staff password, no sandbox API key and no Connect URL token appears anywhere, except the url
 * in the one POST /api/connect-sessions answer to its creator (and the one-time password in the one
 * POST /api/staff answer to the admin who created the account: by design, it is shown once; and an
 * authenticator app's secret and the recovery codes in the one answer that starts or ends its enrolment).
 */

const DEMO_PASSWORD = 'demo-password-for-secrets-scan';
const WRONG_GUESS = 'Wrong-Guess-Not-A-Password-777';
const NEW_PASSWORD = 'a freshly chosen passphrase 2026';

type Captured = { label: string; status: number; headers: string; body: string };

let dir: string;
let built: Built;
let app: App;
let http: ReturnType<typeof serve>;
let closeDb: () => void;
const logLines: string[] = [];
const answers: Captured[] = [];
const allowed: { label: string; secret: string }[] = [];
const secrets: Record<string, string> = {};

async function call(label: string, method: string, path: string, opts: { body?: unknown; cookie?: string } = {}) {
  const headers: Record<string, string> = method === 'GET' ? {} : { origin: 'http://localhost:8080' };
  const res = await app.request(path, ...req(method, { ...opts, headers, ip: '127.0.0.1' }));
  const body = await res.text();
  answers.push({ label, status: res.status, headers: JSON.stringify([...res.headers.entries(), ...res.headers.getSetCookie()]), body });
  return { res, body, json: () => JSON.parse(body) };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'subdesk-secrets-'));
  const config = loadConfig({
    PORT: '8080',
    DATABASE_PATH: join(dir, 'subdesk.db'),
    SANDBOX_CUSTOMERS: '200',
    SUBDESK_DEMO_PASSWORD: DEMO_PASSWORD,
    SYNC_INTERVAL_SECONDS: '0',
    UPSTREAM_TIMEOUT_MS: '1500',
    LOG_LEVEL: 'debug',
  });
  const db = openDatabase(config.DATABASE_PATH);
  closeDb = () => db.$client.close();
  let handler: ((r: Request, env: unknown) => Response | Promise<Response>) | undefined;
  http = serve({ fetch: (r, env) => handler!(r, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => http.once('listening', () => r()));
  const port = (http.address() as AddressInfo).port;
  built = await buildDeps({ config, database: { kind: 'sqlite', db }, logger: createLogger('debug', (line) => logLines.push(line)), localPort: port });
  app = createApp(built.deps, { sandbox: built.sandboxApps });
  handler = app.fetch;
  await built.start();
  logLines.push(...built.banner);
  secrets.gigsApiKey = built.sandbox!.credentials.gigsApiKey;
  secrets.centraApiKey = built.sandbox!.credentials.centraApiKey;
  secrets.testStaffPassword = TEST_STAFF_PASSWORD;
  secrets.demoPassword = DEMO_PASSWORD;
  secrets.wrongGuess = WRONG_GUESS;
  secrets.newPassword = NEW_PASSWORD;
  await built.deps.customers.crawler.run('full');
}, 120_000);

afterAll(async () => {
  await built?.stop();
  await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
  closeDb?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The server shape the Centra and Gigs helpers expect. */
const asTestServer = () => ({ ...built, app, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, dir }) as unknown as TestServer;

async function signIn(email: string, password: string) {
  const r = await call(`login ${email}`, 'POST', '/api/auth/login', { body: { email, password } });
  return {
    status: r.res.status,
    cookie: sessionFromResponse(r.res),
    step: r.res.status === 200 ? (r.json().step as string | undefined) : undefined,
    pending: pendingFromResponse(r.res),
  };
}

/**
 * Signs in as a member whose role requires a second factor (the product's default here): the
 * first time they enrol an authenticator app, whose secret and recovery codes are handed out once.
 */
async function signInEnrolling(email: string, password: string, name: string) {
  const first = await signIn(email, password);
  expect(first.step).toBe('enrol');
  const started = await call(`enrol totp ${email}`, 'POST', '/api/auth/enrol/totp', { cookie: first.pending });
  const secret = started.json().secret as string;
  secrets[`${name}TotpSecret`] = secret;
  allowed.push({ label: `enrol totp ${email}`, secret });
  const code = TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() });
  const done = await call(`enrol ${email}`, 'POST', '/api/auth/enrol', { cookie: first.pending, body: { method: 'totp', code } });
  const codes = done.json().recoveryCodes as string[];
  secrets[`${name}RecoveryCode`] = codes[0]!;
  secrets[`${name}SpentRecoveryCode`] = codes[1]!;
  allowed.push({ label: `enrol ${email}`, secret: codes[0]! }, { label: `enrol ${email}`, secret: codes[1]! });
  // A later sign-in spends a recovery code.
  const again = await signIn(email, password);
  expect(again.step).toBe('secondFactor');
  const spent = await call(`second step ${email}`, 'POST', '/api/auth/second-factor', { cookie: again.pending, body: { method: 'recovery', code: codes[1] } });
  expect(spent.res.status).toBe(200);
  return sessionFromResponse(spent.res)!;
}

describe('secrets stay where they belong', () => {
  it('runs a realistic session', async () => {
    const support = await createMember({ deps: built.deps }, 'support');
    const auditor = await createMember({ deps: built.deps }, 'auditor');
    const admin = await signInEnrolling('admin@demo.subdesk', DEMO_PASSWORD, 'admin');
    expect(admin).toBeDefined();
    const supportCookie = (await signIn(support.email, support.password)).cookie!;
    const auditorCookie = await signInEnrolling(auditor.email, auditor.password, 'auditor');
    expect((await signIn(support.email, WRONG_GUESS)).status).toBe(401);

    // Staff creation: the one-time password is shown once, to the admin; then it is replaced.
    const created = await call('POST /api/staff', 'POST', '/api/staff', { body: { email: 'secrets.new@test.subdesk', role: 'support' }, cookie: admin });
    expect(created.res.status).toBe(201);
    secrets.oneTimePassword = created.json().oneTimePassword;
    allowed.push({ label: 'POST /api/staff', secret: secrets.oneTimePassword! });
    const fresh = (await signIn('secrets.new@test.subdesk', secrets.oneTimePassword!)).cookie!;
    const changed = await call('POST /api/auth/password', 'POST', '/api/auth/password', {
      body: { currentPassword: secrets.oneTimePassword, newPassword: NEW_PASSWORD },
      cookie: fresh,
    });
    expect(changed.res.status).toBe(200);

    // Support's morning: search, a customer page, a Centra contract and a status change.
    const centra = clientFor(asTestServer());
    const found = await picker(centra)((f) => f.sub.status === 'active', 'is active');
    const customerId = customerIdFor(emailKey(found.email));
    expect(
      (await call('search', 'GET', `/api/customers?filter=${encodeURIComponent(JSON.stringify({ q: found.email.slice(0, 5) }))}`, { cookie: supportCookie }))
        .res.status,
    ).toBe(200);
    expect((await call('customer page', 'GET', `/api/customers/${customerId}`, { cookie: supportCookie })).res.status).toBe(200);
    expect(
      (await call('contracts', 'GET', `/api/centra-contracts?filter=${encodeURIComponent(JSON.stringify({ customerId }))}`, { cookie: supportCookie })).res
        .status,
    ).toBe(200);
    const paused = await call('pause', 'POST', `/api/centra-subscriptions/${found.sub.id}/status`, {
      body: { status: 'paused', reason: { code: 'customer_request', text: 'on holiday' } },
      cookie: supportCookie,
    });
    expect(paused.res.status).toBe(200);
    // An upstream failure, so that error paths write their log lines and audit entries too.
    await addCentraFault(asTestServer(), { kind: 'error500', method: 'PUT' });
    const failed = await call('resume under fault', 'POST', `/api/centra-subscriptions/${found.sub.id}/status`, {
      body: { status: 'active', reason: 'customer is back home' },
      cookie: supportCookie,
    });
    expect(failed.res.status).toBe(502);
    await clearCentraFaults(asTestServer());

    // A Connect link: its url goes to its creator once, nowhere else.
    const gigs = gigsClient(asTestServer());
    const plan = (await gigs.listPlans()).find((p) => p.status === 'available')!;
    let gigsCustomer: string | undefined;
    for await (const page of gigs.allSubscriptions()) {
      let s: (typeof page)[number] | undefined;
      for (const x of page)
        if (x.status === 'active' && x.user?.status === 'active' && (await built.deps.customers.search.byId(customerIdFor(emailKey(x.user.email))))) {
          s = x;
          break;
        }
      if (s) {
        gigsCustomer = customerIdFor(emailKey(s.user!.email));
        break;
      }
    }
    expect(gigsCustomer).toBeDefined();
    const link = await call('POST /api/connect-sessions', 'POST', '/api/connect-sessions', {
      body: { customerId: gigsCustomer, clientRequestId: randomUUID(), intent: { type: 'checkoutNewSubscription', plan: plan.id } },
      cookie: supportCookie,
    });
    expect(link.res.status).toBe(201);
    const { url, id } = link.json() as { url: string; id: string };
    secrets.connectUrlToken = new URL(url).searchParams.get('token')!;
    expect(secrets.connectUrlToken.length).toBeGreaterThan(10);
    allowed.push({ label: 'POST /api/connect-sessions', secret: secrets.connectUrlToken });
    expect((await call('links list', 'GET', '/api/connect-sessions', { cookie: supportCookie })).res.status).toBe(200);
    expect((await call('one link', 'GET', `/api/connect-sessions/${id}`, { cookie: supportCookie })).res.status).toBe(200);
    expect(
      (await call('history', 'GET', `/api/audit-events?filter=${encodeURIComponent(JSON.stringify({ customerId: gigsCustomer }))}`, { cookie: supportCookie }))
        .res.status,
    ).toBe(200);

    // The auditor's side: the whole log, one entry, an export and a verification.
    expect((await call('audit list', 'GET', '/api/audit-events?range=[0,499]', { cookie: auditorCookie })).res.status).toBe(200);
    expect((await call('audit export json', 'GET', '/api/audit-events/export?format=json', { cookie: auditorCookie })).res.status).toBe(200);
    expect((await call('audit export csv', 'GET', '/api/audit-events/export?format=csv', { cookie: auditorCookie })).res.status).toBe(200);
    expect((await call('verify', 'POST', '/api/audit-events/verify', { cookie: auditorCookie })).json().ok).toBe(true);
    expect((await call('logout', 'POST', '/api/auth/logout', { cookie: supportCookie })).res.status).toBe(200);
    built.deps.audit.checkpoint();
  }, 60_000);

  it('finds no secret in any answer, log line, audit entry or database file, except where it is handed out', () => {
    const sqlite = sqliteOf(built.deps).$client;
    const auditDump =
      JSON.stringify(sqlite.prepare('SELECT * FROM audit_events').all()) + JSON.stringify(sqlite.prepare('SELECT * FROM connect_sessions').all());
    const files = ['subdesk.db', 'subdesk.db-wal'].filter((f) => existsSync(join(dir, f))).map((f) => ({ name: f, bytes: readFileSync(join(dir, f)) }));
    expect(files.map((f) => f.name)).toContain('subdesk.db');
    expect(logLines.length).toBeGreaterThan(0);

    const leaks: string[] = [];
    for (const [name, secret] of Object.entries(secrets)) {
      if (!secret) continue;
      for (const a of answers) {
        const hay = a.headers + a.body;
        if (!hay.includes(secret)) continue;
        // The allowed places: exactly one answer each, and the body only (never a header).
        const isAllowed = allowed.some((x) => x.secret === secret && x.label === a.label) && a.body.includes(secret) && !a.headers.includes(secret);
        if (!isAllowed) leaks.push(`${name} in the answer to ${a.label}`);
      }
      const handedOut = answers.filter((a) => (a.headers + a.body).includes(secret)).length;
      if (allowed.some((x) => x.secret === secret) && handedOut !== 1) leaks.push(`${name} handed out ${handedOut} times, not once`);
      for (const line of logLines) if (line.includes(secret)) leaks.push(`${name} in a log line: ${line.slice(0, 200)}`);
      if (auditDump.includes(secret)) leaks.push(`${name} in the audit table`);
      for (const f of files) if (f.bytes.includes(Buffer.from(secret, 'utf8'))) leaks.push(`${name} in ${f.name}`);
    }
    expect(leaks).toEqual([]);
    // The scan saw every kind of secret it promises to look for.
    const expected = [
      'gigsApiKey',
      'centraApiKey',
      'testStaffPassword',
      'demoPassword',
      'wrongGuess',
      'newPassword',
      'oneTimePassword',
      'adminTotpSecret',
      'adminRecoveryCode',
      'adminSpentRecoveryCode',
      'auditorTotpSecret',
      'connectUrlToken',
    ];
    expect(Object.keys(secrets).filter((k) => secrets[k])).toEqual(expect.arrayContaining(expected));
    expect(answers.length).toBeGreaterThan(15);
  });

  it('the scan would see a leak (the needle is found in each haystack kind)', () => {
    const sqlite = sqliteOf(built.deps).$client;
    // The customer e-mail the session acted on is ordinary data: it must be visible to the same scan.
    const someEmail = sqlite.prepare('SELECT actor_email FROM audit_events WHERE actor_email IS NOT NULL LIMIT 1').pluck().get() as string;
    expect(
      readFileSync(join(dir, 'subdesk.db')).includes(Buffer.from(someEmail)) || readFileSync(join(dir, 'subdesk.db-wal')).includes(Buffer.from(someEmail)),
    ).toBe(true);
    expect(answers.some((a) => a.body.includes(someEmail))).toBe(true);
    expect(logLines.join('\n')).toMatch(/"level":"(debug|info|warn|error)"/);
  });
});
