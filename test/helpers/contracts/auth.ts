import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../server/config.ts';
import { createAuthServices, type AuthServices } from '../../../server/auth/services.ts';
import { createAuthStore, type AuthStore } from '../../../server/auth/store/index.ts';
import { hashSessionToken } from '../../../server/auth/tokens.ts';
import { ACCOUNT_POLICY, ipKey } from '../../../server/auth/throttle.ts';
import type { Engine } from '../../../server/storage/engine.ts';
import type { Role } from '../../../server/vocabulary/roles.ts';

/**
 * Two subdesk instances on one database: each its own engine (pool or connection), audit log and
 * auth services, sharing the sign-in key file as instances share AUTH_KEY_PATH.
 */
export type TwoInstanceMaker = () => Promise<{ a: Engine; b: Engine; close(): Promise<void> }>;

type Instance = { engine: Engine; store: AuthStore; auth: AuthServices };

const origin = { requestId: 'req_contract', actor: { type: 'system' as const } };

/**
 * The auth store's behaviour on one engine, as the domain uses it: what one instance writes the
 * other sees at once, and what may happen once (a spent code, the last counted attempt, the last
 * admin) happens once whichever instance asks.
 */
export function authStoreContract(engineName: string, makeInstances: TwoInstanceMaker) {
  describe(`auth store on ${engineName}`, () => {
    let now = new Date('2026-12-06T09:00:00Z').getTime();
    const clock = () => new Date(now);
    let dir: string;
    let a: Instance;
    let b: Instance;
    let close: () => Promise<void>;
    let counter = 0;

    beforeEach(async () => {
      now = new Date('2026-12-06T09:00:00Z').getTime();
      dir = mkdtempSync(join(tmpdir(), 'subdesk-auth-contract-'));
      const config = loadConfig({
        DATABASE_PATH: ':memory:',
        LOG_LEVEL: 'silent',
        PORT: '8080',
        REQUIRE_SECOND_FACTOR: 'none',
        AUTH_KEY_PATH: join(dir, 'auth-key'),
      });
      const made = await makeInstances();
      close = made.close;
      const instance = (engine: Engine): Instance => ({
        engine,
        store: createAuthStore(engine),
        auth: createAuthServices({ config, engine, clock, audit: engine.audit }),
      });
      a = instance(made.a);
      b = instance(made.b);
      // Each instance's connection open before the races below, so neither starts late by connecting.
      await Promise.all([a.store.countStaff(), b.store.countStaff()]);
    });
    afterEach(async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    });

    const member = async (role: Role = 'support') => {
      const iso = clock().toISOString();
      const email = `m${++counter}@contract.subdesk`;
      const row = await a.store.insertStaff(
        {
          email,
          role,
          passwordHash: 'scrypt$test',
          mustChangePassword: false,
          oneTimePasswordExpiresAt: null,
          disabled: false,
          createdAt: iso,
          updatedAt: iso,
        },
        (r) => ({ ...origin, action: 'staff.create', outcome: 'succeeded', target: { type: 'staff', id: String(r.id) } }),
      );
      return row!;
    };

    it('creates a member once per address, whichever instance asks', async () => {
      const first = await member();
      const again = await b.store.insertStaff({ ...first, id: undefined } as never, () => ({ ...origin, action: 'staff.create', outcome: 'succeeded' }));
      expect(again).toBeNull();
      expect(await b.store.staffByEmail(first.email)).toMatchObject({ id: first.id, email: first.email, role: 'support', disabled: false });
      expect(await b.store.countStaff()).toBe(1);
    });

    it('a session opened on one instance is live on the other, and ended on both by a sign-out on either', async () => {
      const m = await member();
      const { token, sessionId } = await a.auth.sessions.create(m.id, { ip: '10.0.0.1', userAgent: 'contract' });
      expect((await b.auth.sessions.resolve(token))?.id).toBe(m.id);
      expect(await b.auth.sessions.countFor(m.id)).toBe(1);
      expect(await b.auth.sessions.end(sessionId)).toBe(true);
      expect(await a.auth.sessions.resolve(token)).toBeNull();
      expect(await a.auth.sessions.end(sessionId)).toBe(false);
    });

    it('keeps a session alive through requests on either instance, and ends it after 30 idle minutes', async () => {
      const m = await member();
      const { token } = await a.auth.sessions.create(m.id);
      now += 20 * 60_000;
      expect(await b.auth.sessions.resolveSession(token)).toMatchObject({ expiresInMs: 30 * 60_000 });
      now += 20 * 60_000;
      expect(await a.auth.sessions.resolve(token)).not.toBeNull();
      expect((await a.store.staffById(m.id))?.lastSeenAt).toBe(now);
      now += 31 * 60_000;
      expect(await b.auth.sessions.resolve(token)).toBeNull();
      expect(await a.store.sessionByTokenHash(hashSessionToken(token))).toBeUndefined();
    });

    it('a password change on one instance ends every session of the member on both, and opens the new one', async () => {
      const m = await member();
      const old = [await a.auth.sessions.create(m.id), await b.auth.sessions.create(m.id)];
      const written = await b.auth.staff.setOwnPassword(
        m.id,
        'scrypt$new',
        { tokenHash: hashSessionToken('new-token'), now, ip: null, userAgent: null },
        (w) => ({
          ...origin,
          action: 'auth.password.changed',
          outcome: 'succeeded',
          after: { sessionsEnded: w.sessionsEnded },
        }),
      );
      expect(written.sessionsEnded).toBe(2);
      for (const { token } of old) expect(await a.auth.sessions.resolve(token)).toBeNull();
      expect((await a.auth.sessions.resolve('new-token'))?.id).toBe(m.id);
      expect((await a.store.staffById(m.id))?.passwordHash).toBe('scrypt$new');
    });

    it('disabling a member on one instance refuses their sessions on the other at the next request', async () => {
      const admin = await member('admin');
      await member('admin');
      const { token } = await a.auth.sessions.create(admin.id);
      await b.auth.staff.update(admin.id, { disabled: true }, origin);
      expect(await a.auth.sessions.resolve(token)).toBeNull();
    });

    it('counts sign-in attempts from both instances together: attempts sent at once are admitted up to the limit, no more', async () => {
      const key = ipKey('203.0.113.9');
      const tries = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).auth.throttle.admit([key])));
      expect(tries.filter((t) => t.admitted)).toHaveLength(20);
      expect(await a.auth.throttle.lockedUntil(key!)).toBe(now + 15 * 60_000);
      expect(await b.auth.throttle.blockedUntil([key])).toBe(now + 15 * 60_000);
    });

    it('gives a count back on one instance that the other counted', async () => {
      const key = ipKey('203.0.113.10');
      for (let i = 0; i < 20; i++) await a.auth.throttle.admit([key]);
      expect((await b.auth.throttle.admit([key])).admitted).toBe(false);
      now += 16 * 60_000;
      await b.auth.throttle.admit([key]);
      await a.auth.throttle.tookBack([key]);
      expect(await b.store.throttleRows([key!.key])).toEqual([]);
    });

    it('lists the accounts under a full lock', async () => {
      const m = await member();
      const account = { key: `email:${a.auth.key.emailFingerprint(m.email)}`, policy: ACCOUNT_POLICY };
      for (let i = 0; i < 5; i++) {
        await b.auth.throttle.admit([account]);
        now += 31_000;
      }
      expect([...(await a.auth.throttle.lockedAccounts()).keys()]).toEqual([account.key]);
      expect((await a.auth.staff.list({ sort: { field: 'id', order: 'ASC' }, start: 0, limit: 10, filter: { locked: true } })).rows.map((r) => r.id)).toEqual([
        m.id,
      ]);
      expect((await a.auth.staff.list({ sort: { field: 'id', order: 'ASC' }, start: 0, limit: 10, filter: { locked: false } })).total).toBe(0);
    });

    it('spends a recovery code once, when both instances try it at once', async () => {
      const m = await member();
      const { codes, hashes } = a.auth.factors.recoveryCodes.issue();
      await a.store.addFactor(
        {
          staffId: m.id,
          kind: 'passkey',
          label: 'Key',
          createdAt: clock().toISOString(),
          credentialId: 'cred-1',
          publicKey: 'pk',
          signCount: 0,
          transports: '[]',
        },
        hashes,
        () => ({ ...origin, action: 'auth.secondFactor.enrolled', outcome: 'succeeded' }),
      );
      expect(codes).toHaveLength(10);
      const spent = await Promise.all([a.auth.factors.recoveryCodes.spend(m.id, codes[0]!), b.auth.factors.recoveryCodes.spend(m.id, codes[0]!.toUpperCase())]);
      expect(spent.filter(Boolean)).toHaveLength(1);
      // Both instances found the same unused code before either spent it: only one spends it.
      const second = a.auth.key.recoveryCodeHash(codes[1]!);
      const [seenByA, seenByB] = await Promise.all([a.store.unusedRecoveryCodes(m.id), b.store.unusedRecoveryCodes(m.id)]);
      const [foundByA, foundByB] = [seenByA.find((c) => c.codeHash === second)!, seenByB.find((c) => c.codeHash === second)!];
      expect(foundByA).toEqual(foundByB);
      const at = clock().toISOString();
      const raced = await Promise.all([a.store.spendRecoveryCode(foundByA.id, at), b.store.spendRecoveryCode(foundByB.id, at)]);
      expect(raced.filter(Boolean)).toHaveLength(1);
      expect(await b.auth.factors.recoveryCodes.spend(m.id, codes[0]!)).toBe(false);
      expect(await a.auth.factors.recoveryCodes.left(m.id)).toBe(8);
      expect(await b.auth.factors.recoveryCodes.spend(m.id, codes[1]!)).toBe(false);
      expect(await b.auth.factors.recoveryCodes.spend(m.id, codes[2]!)).toBe(true);
    });

    it('issues recovery codes with the first factor only, and replaces them only for a member who has one', async () => {
      const m = await member();
      const audit = () => ({ ...origin, action: 'auth.secondFactor.enrolled', outcome: 'succeeded' as const });
      const factor = (n: number) => ({
        staffId: m.id,
        kind: 'passkey' as const,
        label: `Key ${n}`,
        createdAt: clock().toISOString(),
        credentialId: `cred-${n}`,
        publicKey: 'pk',
        signCount: 0,
        transports: '[]',
      });
      const added = await Promise.all([a.store.addFactor(factor(1), ['h1'], audit), b.store.addFactor(factor(2), ['h2'], audit)]);
      expect(added.filter((x) => x.first)).toHaveLength(1);
      expect(await a.store.recoveryCodesLeft(m.id)).toBe(1);
      // Two first factors for one member at once, several times: one set of codes each time.
      for (let round = 0; round < 5; round++) {
        const fresh = await member();
        const firsts = await Promise.all([
          a.store.addFactor({ ...factor(10 + 2 * round), staffId: fresh.id }, ['p'], audit),
          b.store.addFactor({ ...factor(11 + 2 * round), staffId: fresh.id }, ['q'], audit),
        ]);
        expect(firsts.filter((x) => x.first)).toHaveLength(1);
        expect(await b.store.recoveryCodesLeft(fresh.id)).toBe(1);
      }
      const other = await member();
      expect(await b.store.replaceRecoveryCodes(other.id, ['x'], clock().toISOString(), audit())).toBe(false);
      expect(await b.store.replaceRecoveryCodes(m.id, ['y', 'z'], clock().toISOString(), audit())).toBe(true);
      expect(await a.store.recoveryCodesLeft(m.id)).toBe(2);
    });

    it('spends a TOTP step once across instances, and never an earlier one', async () => {
      const m = await member();
      const { row } = await a.store.addFactor(
        { staffId: m.id, kind: 'totp', label: 'App', createdAt: clock().toISOString(), totpSecretSealed: 'sealed', totpLastStep: 10 },
        [],
        () => ({ ...origin, action: 'auth.secondFactor.enrolled', outcome: 'succeeded' }),
      );
      const at = clock().toISOString();
      const spent = await Promise.all([a.store.spendTotpStep(row.id, 11, at), b.store.spendTotpStep(row.id, 11, at)]);
      expect(spent.filter(Boolean)).toHaveLength(1);
      expect(await b.store.spendTotpStep(row.id, 10, at)).toBeUndefined();
      expect(await b.store.spendTotpStep(row.id, 12, at)).toMatchObject({ totpLastStep: 12, lastUsedAt: at });
    });

    it('lets one request end a pending sign-in, and counts wrong second steps from both instances', async () => {
      const m = await member();
      const token = await a.auth.pendingSignIns.create({ staffId: m.id, purpose: 'verify', duringLock: false, passwordRight: true });
      const pending = (await b.auth.pendingSignIns.find(token))!;
      expect(pending).toMatchObject({ staffId: m.id, purpose: 'verify', failures: 0 });
      const counted = await Promise.all([1, 2, 3, 4].map((i) => (i % 2 ? a : b).store.countPendingSignInFailure(pending.id)));
      expect(counted.sort()).toEqual([1, 2, 3, 4]);
      expect(await a.auth.pendingSignIns.failed(pending)).toBe(false);
      expect(await b.auth.pendingSignIns.find(token)).toBeNull();
      const again = (await a.auth.pendingSignIns.find(
        await b.auth.pendingSignIns.create({ staffId: m.id, purpose: 'verify', duringLock: true, passwordRight: true }),
      ))!;
      const ended = await Promise.all([a.auth.pendingSignIns.end(again.id), b.auth.pendingSignIns.end(again.id)]);
      expect(ended.filter(Boolean)).toHaveLength(1);
    });

    it('forgets a pending sign-in after ten minutes', async () => {
      const m = await member();
      const token = await a.auth.pendingSignIns.create({ staffId: m.id, purpose: 'enrol', duringLock: false, passwordRight: true });
      now += 10 * 60_000;
      expect(await b.auth.pendingSignIns.find(token)).toBeNull();
    });

    it('keeps one enabled admin when two admins demote each other at once through two instances', async () => {
      let remaining = await member('admin');
      // Several rounds, each with the two enabled admins demoting each other at the same moment.
      for (let round = 0; round < 5; round++) {
        const other = await member('admin');
        const results = await Promise.allSettled([
          a.auth.staff.update(remaining.id, { role: 'support' }, origin),
          b.auth.staff.update(other.id, { role: 'support' }, origin),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
        const admins = (await a.auth.staff.list({ sort: { field: 'id', order: 'ASC' }, start: 0, limit: 10, filter: { role: 'admin' } })).rows;
        expect(admins).toHaveLength(1);
        remaining = (await a.store.staffById(admins[0]!.id))!;
      }
    });

    it("resets a member's second factors, recovery codes, sessions and unfinished sign-ins in one change", async () => {
      const m = await member('auditor');
      await a.store.addFactor(
        { staffId: m.id, kind: 'totp', label: 'App', createdAt: clock().toISOString(), totpSecretSealed: 'sealed', totpLastStep: 1 },
        ['h1', 'h2'],
        () => ({ ...origin, action: 'auth.secondFactor.enrolled', outcome: 'succeeded' }),
      );
      const { token } = await a.auth.sessions.create(m.id);
      const pending = await a.auth.pendingSignIns.create({ staffId: m.id, purpose: 'verify', duringLock: false, passwordRight: true });
      const { record, factorsRemoved } = await b.auth.staff.resetSecondFactors(m.id, origin);
      expect({ factorsRemoved, secondFactors: record.secondFactors, activeSessions: record.activeSessions }).toEqual({
        factorsRemoved: 1,
        secondFactors: [],
        activeSessions: 0,
      });
      expect(await a.auth.sessions.resolve(token)).toBeNull();
      expect(await a.auth.pendingSignIns.find(pending)).toBeNull();
      expect(await a.store.recoveryCodesLeft(m.id)).toBe(0);
    });

    it('pages, filters and sorts the staff directory', async () => {
      const members = [await member('support'), await member('admin'), await member('support')];
      await a.auth.staff.update(members[2]!.id, { disabled: true }, origin);
      const page = await b.auth.staff.list({ sort: { field: 'email', order: 'DESC' }, start: 0, limit: 2, filter: { role: 'support' } });
      expect(page.total).toBe(2);
      expect(page.rows.map((r) => r.id)).toEqual([members[2]!.id, members[0]!.id]);
      expect(
        (
          await b.auth.staff.list({
            sort: { field: 'id', order: 'ASC' },
            start: 0,
            limit: 9,
            filter: { q: ` ${members[1]!.email.toUpperCase()} `, disabled: false },
          })
        ).rows.map((r) => r.id),
      ).toEqual([members[1]!.id]);
      expect((await b.auth.staff.list({ sort: { field: 'id', order: 'ASC' }, start: 0, limit: 9, filter: { q: '%' } })).total).toBe(0);
      expect(
        (await b.auth.staff.list({ sort: { field: 'id', order: 'ASC' }, start: 1, limit: 9, filter: { id: [members[0]!.id, members[2]!.id] } })).rows.map(
          (r) => r.id,
        ),
      ).toEqual([members[2]!.id]);
    });

    it('writes each audited change with its entry', async () => {
      const m = await member('support');
      await b.auth.staff.endSessions(m.id, origin);
      await a.auth.staff.update(m.id, { role: 'merchandiser' }, origin);
      expect(await a.engine.audit.append({ ...origin, action: 'contract.marker', outcome: 'succeeded' })).toMatchObject({ seq: 4 });
    });

    it('answers a staff change on an unknown member with 404 and writes nothing', async () => {
      await expect(a.auth.staff.endSessions(99_999, origin)).rejects.toMatchObject({ status: 404 });
      expect(await a.engine.audit.append({ ...origin, action: 'contract.marker', outcome: 'succeeded' })).toMatchObject({ seq: 1 });
    });
  });
}
