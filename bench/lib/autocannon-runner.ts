import autocannon from 'autocannon';

/**
 * The load generator, in its own process so it never shares the server's event loop:
 * `node --import tsx bench/lib/autocannon-runner.ts '<json>'`. Each connection cycles through
 * `requests` in order (so a list of 7 searches, 2 customer pages and 1 action is a 70/20/10
 * mix), for `seconds` at most and `amount` requests at most, on loopback only. Prints one JSON
 * line: latency percentiles (ms), requests, throughput, non-2xx and errors.
 */
type Args = {
  url: string;
  connections: number;
  seconds: number;
  amount?: number;
  headers?: Record<string, string>;
  requests: { method?: string; path: string; body?: string; headers?: Record<string, string> }[];
};

const args = JSON.parse(process.argv[2]!) as Args;
const target = new URL(args.url);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(target.hostname)) {
  console.error('the load generator only targets loopback');
  process.exit(2);
}

const result = await autocannon({
  url: args.url,
  connections: args.connections,
  duration: args.seconds,
  amount: args.amount,
  headers: args.headers,
  requests: args.requests.map((r) => ({ method: (r.method ?? 'GET') as 'GET', path: r.path, body: r.body, headers: r.headers })),
  timeout: 30,
});

const s2xx = result['2xx'];
process.stdout.write(
  JSON.stringify({
    connections: args.connections,
    requests: result.requests.total,
    ok: s2xx,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    rps: result.requests.average,
    latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    statusCodes: result.statusCodeStats,
  }) + '\n',
);
