import { request } from 'node:http';

export type RawAnswer = { status: number; body: string } | { status: 'closed'; body: '' };

/**
 * Sends `bytes` of body to `url` with node:http, announced (Content-Length) or chunked, writing
 * with backpressure, and answers the status the server gave: a server that refuses a large body
 * answers before reading it all and may close the connection while the client still writes, so
 * fetch() would only report "other side closed". 'closed' when no answer came at all.
 */
export function sendBody(url: string, opts: { method?: string; bytes: number; chunked?: boolean; headers?: Record<string, string> }): Promise<RawAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: RawAnswer) => {
      if (!settled) {
        settled = true;
        resolve(a);
      }
    };
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.headers ?? {}) };
    if (!opts.chunked) headers['content-length'] = String(opts.bytes);
    let answered = false;
    // A fresh connection each time: one the server closed after refusing a body must not be reused.
    const req = request(url, { method: opts.method ?? 'POST', headers, agent: false }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        if (body.length < 4096) body += d;
      });
      res.on('end', () => {
        done({ status: res.statusCode!, body });
        req.destroy();
      });
      res.on('error', () => done({ status: res.statusCode!, body }));
    });
    req.on('error', () => done({ status: 'closed', body: '' }));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const pump = () => {
      while (sent < opts.bytes && !req.destroyed && !answered) {
        const n = Math.min(chunk.length, opts.bytes - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void req.once('drain', pump);
      }
      if (!req.destroyed && !answered) req.end();
    };
    pump();
  });
}
