import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';

// Gigs is configured at an address where nothing listens: the upstream is down for this instance.
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({
    UPSTREAMS: 'gigs',
    GIGS_API_URL: 'http://127.0.0.1:9/gigs',
    GIGS_PROJECT: 'down',
    GIGS_API_KEY: 'key',
    UPSTREAM_TIMEOUT_MS: '500',
  });
});
afterAll(() => server?.close());

describe("a load balancer's health check", () => {
  it('keeps an instance in while its database answers, whatever the upstreams do', async () => {
    const full = await server.app.request('/api/health');
    expect(full.status).toBe(503);
    expect((await full.json()).upstreams.gigs.ok).toBe(false);
    const instance = await server.app.request('/api/health/instance');
    expect(instance.status).toBe(200);
    expect(await instance.json()).toEqual({ ok: true, db: { ok: true }, background: { held: true } });
  });
});
