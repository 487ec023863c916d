import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createIdempotencyStore, type IdempotencyStore } from '../../../server/http/idempotency-store/index.ts';
import type { EngineUnderTest } from './instances.ts';

const DAY_AGO = '2026-12-04T10:00:00.000Z';
const claimOf = (key: string, createdAt = '2026-12-05T10:00:00.000Z', requestHash = 'h1') => ({ staffId: 7, key, requestHash, createdAt });

/** The Idempotency-Key store's behaviour, the same on every engine. */
export function idempotencyStoreContract(under: EngineUnderTest) {
  describe('Idempotency-Key store', () => {
    let store: IdempotencyStore;
    let close: () => Promise<void>;
    beforeEach(async () => {
      const made = await under.make();
      close = made.close;
      store = createIdempotencyStore(made.engine);
    });
    afterEach(() => close());

    it('claims a new key; a retry finds the claim running, then the answer kept', async () => {
      expect(await store.claim(claimOf('k1'), DAY_AGO)).toBeNull();
      expect(await store.claim(claimOf('k1', '2026-12-05T10:00:01.000Z', 'h2'), DAY_AGO)).toMatchObject({ requestHash: 'h1', status: null, body: null });
      await store.keep({ staffId: 7, key: 'k1' }, { status: 201, body: '{"id":1}' });
      expect(await store.claim(claimOf('k1'), DAY_AGO)).toEqual({ ...claimOf('k1'), status: 201, body: '{"id":1}' });
    });

    it("keys are each member's own", async () => {
      expect(await store.claim(claimOf('k1'), DAY_AGO)).toBeNull();
      expect(await store.claim({ ...claimOf('k1'), staffId: 8 }, DAY_AGO)).toBeNull();
    });

    it('a key given up is claimed again by its retry', async () => {
      expect(await store.claim(claimOf('k1'), DAY_AGO)).toBeNull();
      await store.release({ staffId: 7, key: 'k1' });
      expect(await store.claim(claimOf('k1'), DAY_AGO)).toBeNull();
    });

    it('forgets keys past the keeping time', async () => {
      expect(await store.claim(claimOf('old', '2026-12-04T09:00:00.000Z'), '2026-12-03T00:00:00.000Z')).toBeNull();
      await store.keep({ staffId: 7, key: 'old' }, { status: 200, body: '{}' });
      expect(await store.claim(claimOf('old', '2026-12-05T10:00:00.000Z', 'h2'), DAY_AGO)).toBeNull();
    });

    it('two instances: of retries with one key reaching both at once, exactly one runs', async () => {
      const { a, b, close: closeBoth } = await under.instances();
      try {
        const [sa, sb] = [createIdempotencyStore(a), createIdempotencyStore(b)];
        for (let i = 0; i < 10; i++) {
          const claims = await Promise.all([sa, sb, sa, sb].map((s) => s.claim(claimOf(`race${i}`), DAY_AGO)));
          expect(claims.filter((c) => c === null)).toHaveLength(1);
          expect(claims.filter((c) => c?.status === null)).toHaveLength(3);
        }
        await sa.keep({ staffId: 7, key: 'race0' }, { status: 200, body: '{"ok":true}' });
        expect(await sb.claim(claimOf('race0'), DAY_AGO)).toMatchObject({ status: 200, body: '{"ok":true}' });
      } finally {
        await closeBoth();
      }
    });
  });
}
