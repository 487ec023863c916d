import { request, Agent } from 'node:http';

/**
 * A tiny bounded loopback load generator, run as its own process so that it does not share the
 * server's event loop: `node --import tsx bench/lib/search-load.ts <json args>`. Sends GETs for
 * the given paths round-robin with `concurrency` clients for `requests` requests (or `seconds`),
 * and prints {latenciesMs, rps, errors} as JSON on stdout.
 */
type Args = { base: string; paths: string[]; cookie?: string; concurrency: number; requests: number; seconds: number };

const args = JSON.parse(process.argv[2]!) as Args;
const agent = new Agent({ keepAlive: true, maxSockets: args.concurrency });
const url = new URL(args.base);
const latencies: number[] = [];
let errors = 0;
let next = 0;
const deadline = Date.now() + args.seconds * 1000;

function once(path: string): Promise<void> {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = request({ host: url.hostname, port: url.port, path, agent, headers: args.cookie ? { cookie: args.cookie } : {} }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) errors++;
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        resolve();
      });
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end();
  });
}

async function client() {
  while (next < args.requests && Date.now() < deadline) {
    const path = args.paths[next++ % args.paths.length]!;
    await once(path);
  }
}

const started = Date.now();
await Promise.all(Array.from({ length: args.concurrency }, client));
const secs = (Date.now() - started) / 1000;
agent.destroy();
process.stdout.write(JSON.stringify({ latenciesMs: latencies, rps: latencies.length / secs, errors }));
