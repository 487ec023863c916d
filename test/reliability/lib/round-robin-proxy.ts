import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small load balancer for the two-instance suite: round-robin over the instances, no sticky
 * sessions. An instance is taken out when a connection to it fails (refused or reset) and put back
 * once its /api/health/instance answers 200 (the check README's PostgreSQL section gives load balancers). A GET or HEAD that failed on one instance is sent to the next,
 * as a load balancer retries idempotent requests; any other request that failed is answered 502 by
 * the proxy (its outcome is unknown: the instance may have acted before it died).
 *
 * Every answer says who gave it (`x-served-by`: an instance's name, or `proxy`), so the suite can
 * tell the survivor's answers from the proxy's.
 */
export type Backend = { name: string; url: string };
export type ProxyEvent = { at: number; backend: string; kind: 'down' | 'up' };

export type RoundRobinProxy = {
  url: string;
  events: ProxyEvent[];
  /** When `name` was last taken out (ms since epoch), or null. */
  downSince(name: string): number | null;
  close(): Promise<void>;
};

const HEALTH_EVERY_MS = 500;
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** `port`: where it listens (0: any free port). */
export async function startRoundRobinProxy(backends: Backend[], port = 0): Promise<RoundRobinProxy> {
  const down = new Map<string, number>();
  const events: ProxyEvent[] = [];
  let next = 0;

  const takeOut = (b: Backend) => {
    if (down.has(b.name)) return;
    const at = Date.now();
    down.set(b.name, at);
    events.push({ at, backend: b.name, kind: 'down' });
  };
  const pick = (skip: Set<string>): Backend | undefined => {
    for (let i = 0; i < backends.length; i++) {
      const b = backends[next++ % backends.length]!;
      if (!down.has(b.name) && !skip.has(b.name)) return b;
    }
    return undefined;
  };

  const forward = (b: Backend, req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, onFail: (err: Error) => void) => {
    const target = new URL(req.url ?? '/', b.url);
    const out = http.request(target, { method: req.method, headers: { ...req.headers, host: target.host }, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'x-served-by': b.name });
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    });
    out.on('error', onFail);
    out.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const tried = new Set<string>();
      const attempt = () => {
        const b = pick(tried);
        if (!b) {
          res.writeHead(502, { 'content-type': 'application/json', 'x-served-by': 'proxy' });
          res.end(JSON.stringify({ message: 'no instance answered' }));
          return;
        }
        tried.add(b.name);
        forward(b, req, body, res, () => {
          takeOut(b);
          if (res.headersSent) return res.destroy();
          if (req.method === 'GET' || req.method === 'HEAD') return attempt();
          res.writeHead(502, { 'content-type': 'application/json', 'x-served-by': 'proxy', 'x-failed-on': b.name });
          res.end(JSON.stringify({ message: `${b.name} dropped the connection` }));
        });
      };
      attempt();
    });
  });

  const health = setInterval(() => {
    for (const b of backends) {
      if (!down.has(b.name)) continue;
      fetch(`${b.url}/api/health/instance`)
        .then((r) => {
          if (r.status === 200 && down.delete(b.name)) events.push({ at: Date.now(), backend: b.name, kind: 'up' });
        })
        .catch(() => {});
    }
  }, HEALTH_EVERY_MS);

  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    events,
    downSince: (name) => down.get(name) ?? null,
    async close() {
      clearInterval(health);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
