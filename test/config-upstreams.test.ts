import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../server/config.ts';
import { startAuthTestApp } from './helpers/auth.ts';
import { startAuth } from '../server/auth/startup.ts';
import { sqliteOf } from './helpers/engines.ts';

/**
 * What a partial configuration means: nothing configured is the demo (both systems the
 * sandbox); a configured system is real, and then every system the business uses must be
 * configured (UPSTREAMS), so a forgotten variable stops the start and sandbox data never sits
 * beside real customers.
 */
const gigs = { GIGS_API_URL: 'https://api.gigs.example', GIGS_PROJECT: 'shop', GIGS_API_KEY: 'gpk_x' };
const centra = { CENTRA_SHOP_API_URL: 'https://c.example/api/shop', CENTRA_ORDER_API_URL: 'https://c.example/api/order', CENTRA_API_KEY: 'k' };
const integration = { CENTRA_INTEGRATION_API_URL: 'https://c.example/graphql', CENTRA_INTEGRATION_API_TOKEN: 't' };

const failure = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('the configuration was accepted');
};

describe('which systems are real, sandbox or off', () => {
  it('nothing configured: both systems are the sandbox', () => {
    expect(loadConfig({})).toMatchObject({ used: { gigs: true, centra: true }, sandbox: { gigs: true, centra: true } });
  });

  it('Centra through the Shop and Order APIs only is a complete Centra configuration', () => {
    expect(loadConfig({ ...gigs, ...centra })).toMatchObject({ sandbox: { gigs: false, centra: false } });
    expect(loadConfig({ ...gigs, ...centra, ...integration })).toMatchObject({ sandbox: { gigs: false, centra: false } });
  });

  it('the crawl becomes a daily full one only when every system used has a change feed', () => {
    const secret = { GIGS_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' };
    const schedule = (env: Record<string, string>) => {
      const c = loadConfig(env);
      return [c.feedsOn, c.SYNC_INTERVAL_SECONDS];
    };
    expect(schedule({})).toEqual([true, 86_400]);
    expect(schedule({ ...gigs, ...centra })).toEqual([false, 300]);
    // Gigs' webhooks without Centra's Events: Centra would be a day stale.
    expect(schedule({ ...gigs, ...centra, ...secret })).toEqual([false, 300]);
    expect(schedule({ ...gigs, ...centra, ...integration })).toEqual([false, 300]);
    expect(schedule({ ...gigs, ...centra, ...integration, ...secret })).toEqual([true, 86_400]);
    expect(schedule({ ...gigs, ...secret, UPSTREAMS: 'gigs' })).toEqual([true, 86_400]);
    expect(schedule({ ...gigs, ...centra, ...integration, ...secret, SYNC_INTERVAL_SECONDS: '600' })).toEqual([true, 600]);
  });

  it('Gigs configured and Centra forgotten stops the start, naming the variables and the way to say "no Centra"', () => {
    const message = failure(gigs);
    expect(message).toMatch(/CENTRA_SHOP_API_URL, CENTRA_ORDER_API_URL, CENTRA_API_KEY: required/);
    expect(message).toMatch(/UPSTREAMS=gigs/);
    expect(failure(centra)).toMatch(/GIGS_API_URL, GIGS_PROJECT, GIGS_API_KEY: required.*UPSTREAMS=centra/);
  });

  it('a business without Centra: Gigs real, Centra off (not emulated)', () => {
    expect(loadConfig({ ...gigs, UPSTREAMS: 'gigs' })).toMatchObject({ used: { gigs: true, centra: false }, sandbox: { gigs: false, centra: false } });
  });

  it('names every half-set group and every variable of a system left out', () => {
    expect(failure({ ...gigs, CENTRA_SHOP_API_URL: centra.CENTRA_SHOP_API_URL })).toMatch(
      /CENTRA_ORDER_API_URL, CENTRA_API_KEY: required with CENTRA_SHOP_API_URL/,
    );
    expect(failure({ ...gigs, ...centra, CENTRA_INTEGRATION_API_URL: integration.CENTRA_INTEGRATION_API_URL })).toMatch(
      /CENTRA_INTEGRATION_API_TOKEN: required with CENTRA_INTEGRATION_API_URL/,
    );
    expect(failure({ ...gigs, ...centra, UPSTREAMS: 'gigs' })).toMatch(
      /CENTRA_SHOP_API_URL, CENTRA_ORDER_API_URL, CENTRA_API_KEY: set, but UPSTREAMS leaves Centra out/,
    );
    expect(failure({ GIGS_API_URL: gigs.GIGS_API_URL, ...centra })).toMatch(/GIGS_PROJECT, GIGS_API_KEY: required with GIGS_API_URL/);
    expect(failure({ UPSTREAMS: 'gigs,shopify' })).toMatch(/UPSTREAMS: must be gigs, centra or gigs,centra/);
  });
});

describe('a Gigs-only business', () => {
  it('creates no demo accounts, says no sandbox, and answers Centra routes with why', async () => {
    const t = startAuthTestApp({ ...gigs, UPSTREAMS: 'gigs' });
    try {
      expect(await (await t.app.request('/api/auth/config')).json()).toEqual({ sandbox: false, systems: { gigs: true, centra: false } });
      const res = await t.app.request('/api/centra-contracts?filter={}');
      expect(res.status).toBe(404);
      expect((await res.json()).message).toMatch(/Centra is not used by this business/);
      const banner = await startAuth(t.deps);
      expect(banner.join('\n')).toMatch(/No staff accounts yet/);
      expect(sqliteOf(t.deps).$client.prepare('SELECT count(*) AS n FROM staff').get()).toEqual({ n: 0 });
    } finally {
      t.close();
    }
  });
});
