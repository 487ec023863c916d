// autocannon ships no types; the runner uses only these fields.
declare module 'autocannon' {
  type Options = {
    url: string;
    connections?: number;
    duration?: number;
    amount?: number;
    timeout?: number;
    headers?: Record<string, string>;
    requests?: { method?: string; path: string; body?: string; headers?: Record<string, string> }[];
  };
  type Histogram = { p50: number; p90: number; p99: number; max: number; mean: number; average: number; total: number };
  type Result = {
    requests: Histogram;
    latency: Histogram;
    '2xx': number;
    non2xx: number;
    errors: number;
    timeouts: number;
    statusCodeStats: Record<string, { count: number }>;
  };
  export default function autocannon(opts: Options): Promise<Result>;
}
