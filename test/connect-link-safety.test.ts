import { describe, expect, it } from 'vitest';
import { GigsClient, isSafeConnectLink } from '../server/upstream/gigs.ts';
import { UpstreamError } from '../server/upstream/errors.ts';
import { webLink } from '../admin/gigs/web-link.ts';

/**
 * The Connect link from Gigs goes into an href in a staff member's browser: https only, and http
 * only when the Gigs API itself is reached over http (a loopback sandbox). The server refuses
 * anything else; the SPA never renders a non-http(s) href either.
 */
const session = (url: string) => ({
  object: 'connectSession',
  id: 'csn_1',
  intent: { type: 'updatePaymentMethod' },
  url,
  callbackUrl: 'https://desk.example/connect/done',
  user: 'usr_1',
});

function clientAnswering(baseUrl: string, url: string) {
  return new GigsClient({
    baseUrl,
    project: 'p',
    apiKey: 'k',
    timeoutMs: 1000,
    fetch: async () => new Response(JSON.stringify(session(url)), { status: 201, headers: { 'content-type': 'application/json' } }),
  });
}

describe('Connect links from Gigs', () => {
  it('accepts https, and http only when the Gigs API is itself reached over http', () => {
    expect(isSafeConnectLink('https://connect.gigs.com/s?session=csn_1&token=t', 'https://api.gigs.com')).toBe(true);
    expect(isSafeConnectLink('http://connect.gigs.com/s', 'https://api.gigs.com')).toBe(false);
    expect(isSafeConnectLink('http://127.0.0.1:8080/sandbox/gigs/connect/sessions/csn_1', 'http://127.0.0.1:8080/sandbox/gigs')).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      'JavaScript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:x',
      '//evil.example/x',
      'not a url',
      '',
    ]) {
      expect(isSafeConnectLink(bad, 'http://127.0.0.1:8080/sandbox/gigs'), bad).toBe(false);
    }
  });

  it('are refused by the client as a malformed answer naming the reason, without the link', async () => {
    const err = await clientAnswering('https://api.gigs.com', 'javascript:alert(1)')
      .createConnectSession({ intent: { type: 'updatePaymentMethod' } } as never, 'key')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UpstreamError);
    expect((err as UpstreamError).kind).toBe('malformed');
    expect((err as UpstreamError).details.code).toBe('unsafeConnectLink');
    expect(JSON.stringify(err)).not.toContain('javascript');
    await expect(
      clientAnswering('https://api.gigs.com', 'https://connect.gigs.com/s?token=t').createConnectSession(
        { intent: { type: 'updatePaymentMethod' } } as never,
        'key',
      ),
    ).resolves.toMatchObject({ id: 'csn_1' });
  });

  it('become an href in the SPA only when they are http(s)', () => {
    expect(webLink('https://connect.gigs.com/s?token=t')).toBe('https://connect.gigs.com/s?token=t');
    expect(webLink('http://127.0.0.1:8080/x')).toBe('http://127.0.0.1:8080/x');
    for (const bad of ['javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'relative/path']) expect(webLink(bad), bad).toBeNull();
  });
});
