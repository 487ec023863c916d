import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { MAX_BODY_BYTES, MAX_SANDBOX_BODY_BYTES } from '../server/http/body-limit.ts';
import { sendBody } from './helpers/raw-http.ts';

/**
 * One body limit before any route, over real HTTP: subdesk's API, the public callback, a webhook
 * path, paths that match nothing, and the sandboxes' routes that read whole bodies (the hosted
 * Connect form and the collapsed-slash re-route), with the length announced or chunked.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
}, 120_000);
afterAll(() => t?.close());

const send = (path: string, bytes: number, chunked = false) => sendBody(`${t.url}${path}`, { bytes, chunked, headers: { origin: t.url } });

describe('request bodies', () => {
  it(`are refused over ${MAX_BODY_BYTES / 1024} KiB on every path outside the sandboxes, before any route`, async () => {
    for (const path of ['/api/auth/login', '/connect/done?session_id=csn_x&status=success', '/webhooks/gigs', '/no/such/path', '/index.html']) {
      const res = await send(path, MAX_BODY_BYTES + 1);
      expect(res.status, path).toBe(413);
      expect(JSON.parse(res.body), path).toMatchObject({ errors: { body: 'is too large' } });
    }
  });

  it(`are refused over ${MAX_SANDBOX_BODY_BYTES / 1024} KiB on the sandboxes' routes that read whole bodies`, async () => {
    for (const path of [
      '/sandbox/gigs/connect/sessions/csn_x/complete',
      `/sandbox/gigs/projects/${t.sandbox!.credentials.gigsProject}//plans`,
      '/sandbox/centra/graphql',
    ]) {
      expect((await send(path, MAX_SANDBOX_BODY_BYTES + 1)).status, path).toBe(413);
    }
  });

  it('are cut off while chunked, as soon as they pass the limit', async () => {
    expect((await send('/sandbox/gigs/connect/sessions/csn_x/complete', 8 * MAX_SANDBOX_BODY_BYTES, true)).status).toBe(413);
    expect((await send('/connect/done', 8 * MAX_BODY_BYTES, true)).status).toBe(413);
  });

  it('pass under the limit: the sandbox still takes what a real API would', async () => {
    const res = await send('/sandbox/gigs/connect/sessions/csn_x/complete', MAX_BODY_BYTES * 2);
    expect(res.status).not.toBe(413);
    expect(res.status).not.toBe('closed');
  });
});
