import { readFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { Webhook } from 'standardwebhooks';

/**
 * Sends a burst of signed Gigs deliveries to subdesk from its own process (so the sender does not
 * share subdesk's CPU): `node --import tsx bench/lib/webhook-burst.ts <args.json>`. Each body is
 * signed as Gigs signs it (standardwebhooks) just before it is sent; `concurrency` requests are in
 * flight at once. The arguments come as a JSON file (argv[2]). Prints {latenciesMs, seconds,
 * statuses} as JSON on stdout.
 */
type Args = { url: string; secret: string; bodies: string[]; concurrency: number };

const args = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as Args;
const target = new URL(args.url);
const agent = new Agent({ keepAlive: true, maxSockets: args.concurrency });
const signer = new Webhook(args.secret);
const latencies: number[] = [];
const statuses: Record<number, number> = {};
let next = 0;

function send(i: number): Promise<void> {
  const body = args.bodies[i]!;
  const id = `msg_burst_${process.pid}_${i}`;
  const now = new Date();
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': signer.sign(id, now, body),
  };
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        statuses[res.statusCode ?? 0] = (statuses[res.statusCode ?? 0] ?? 0) + 1;
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        resolve();
      });
    });
    req.on('error', () => {
      statuses[0] = (statuses[0] ?? 0) + 1;
      resolve();
    });
    req.end(body);
  });
}

async function client() {
  while (next < args.bodies.length) await send(next++);
}

const started = performance.now();
await Promise.all(Array.from({ length: args.concurrency }, client));
const seconds = (performance.now() - started) / 1000;
agent.destroy();
process.stdout.write(JSON.stringify({ latenciesMs: latencies, seconds, statuses }));
