import { describe, expect, it } from 'vitest';
import { createHealthStore } from '../../../server/status/store/index.ts';
import type { EngineUnderTest } from './instances.ts';

/** The health check's database probe, the same on every engine. */
export function healthStoreContract(under: EngineUnderTest) {
  describe('health store', () => {
    it('answers while the database does, and says why not once it is gone', async () => {
      const { engine, close } = await under.make();
      const store = createHealthStore(engine);
      await expect(store.probe()).resolves.toBeUndefined();
      await close();
      await expect(store.probe()).rejects.toThrow();
    });
  });
}
