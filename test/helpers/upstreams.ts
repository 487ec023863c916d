import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../server/sandbox/index.ts';

export type SeparateUpstreams = {
  sandbox: Sandbox;
  url: string;
  /** The variables a merchant would set, pointing at these upstreams as if they were real. */
  env: { gigs: Record<string, string>; centraShopAndOrder: Record<string, string>; centraIntegration: Record<string, string> };
  close(): Promise<void>;
};

/**
 * The sandbox served on its own port, as `npm run sandbox` serves it: subdesk is then started
 * with real-upstream variables (no embedded sandbox), exactly as against Gigs and Centra.
 */
export async function startSeparateUpstreams(
  opts: Partial<Pick<SandboxOptions, 'customers' | 'limits' | 'centraIntegration'>> = {},
): Promise<SeparateUpstreams> {
  const dir = mkdtempSync(join(tmpdir(), 'subdesk-upstreams-'));
  let app: Hono | undefined;
  const http = serve({ fetch: (req, env) => app!.fetch(req, env), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => http.once('listening', () => r()));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sandbox = createSandbox({
    dbPath: join(dir, 'sandbox.db'),
    customers: opts.customers ?? 320,
    publicUrl: url,
    limits: opts.limits,
    centraIntegration: opts.centraIntegration,
  });
  app = new Hono().route('/sandbox/gigs', sandbox.gigs).route('/sandbox/centra', sandbox.centra);
  const c = sandbox.credentials;
  return {
    sandbox,
    url,
    env: {
      gigs: { GIGS_API_URL: `${url}/sandbox/gigs`, GIGS_PROJECT: c.gigsProject, GIGS_API_KEY: c.gigsApiKey },
      centraShopAndOrder: {
        CENTRA_SHOP_API_URL: `${url}/sandbox/centra/api/shop`,
        CENTRA_ORDER_API_URL: `${url}/sandbox/centra/api/order`,
        CENTRA_API_KEY: c.centraApiKey,
      },
      centraIntegration: { CENTRA_INTEGRATION_API_URL: `${url}/sandbox/centra/graphql`, CENTRA_INTEGRATION_API_TOKEN: c.centraApiKey },
    },
    async close() {
      await new Promise<void>((r) => http.close(() => r()));
      sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
