import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './lib/report.ts';
import { median, round } from './lib/stats.ts';
import { startProduct } from './lib/product.ts';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** The JS and CSS a browser must download before the first screen: entry script, its static imports (modulepreload) and stylesheets. */
export function initialAssetsGzip(distDir: string): { bytes: number; files: string[] } {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]+src="([^"]+)"/g)) refs.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+rel="(?:modulepreload|stylesheet)"[^>]+href="([^"]+)"/g)) refs.add(m[1]!);
  for (const m of html.matchAll(/<link[^>]+href="([^"]+)"[^>]+rel="(?:modulepreload|stylesheet)"/g)) refs.add(m[1]!);
  let bytes = 0;
  for (const ref of refs) bytes += gzipSync(readFileSync(join(distDir, ref.replace(/^\//, '')))).length;
  return { bytes, files: [...refs] };
}

const MINIMAL_APP = `import { createRoot } from 'react-dom/client';
import { Admin, Resource, ListGuesser } from 'react-admin';
import simpleRestProvider from 'ra-data-simple-rest';
createRoot(document.getElementById('root')!).render(
  <Admin dataProvider={simpleRestProvider('/api')} disableTelemetry>
    <Resource name="customers" list={ListGuesser} />
  </Admin>,
);
`;

/** Builds the smallest react-admin app that lists one resource, with the same package versions. */
async function buildMinimalApp(): Promise<string> {
  const root = join(repo, 'bench/data/minimal-react-admin');
  mkdirSync(root, { recursive: true });
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><html><head><meta charset="UTF-8"/></head><body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>',
  );
  writeFileSync(join(root, 'main.tsx'), MINIMAL_APP);
  const outDir = join(root, 'dist');
  await build({ root, plugins: [react()], logLevel: 'silent', configFile: false, build: { outDir, emptyOutDir: true } });
  return outDir;
}

async function buildSubdesk(): Promise<string> {
  await build({ configFile: join(repo, 'vite.config.ts'), logLevel: 'silent' });
  return join(repo, 'dist');
}

/** gzip bytes of the given built asset paths (as the browser requested them). */
function gzipOf(distDir: string, paths: Iterable<string>): number {
  let bytes = 0;
  for (const p of paths) bytes += gzipSync(readFileSync(join(distDir, p.replace(/^\//, '')))).length;
  return bytes;
}

/**
 * The minimal app's files on `port`, its `/api` passed to subdesk: the same customers, the same
 * session cookie (a cookie is not bound to a port), so both apps load the same first row.
 */
async function serveMinimalApp(distDir: string, apiOrigin: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      const upstream = httpRequest(`${apiOrigin}${url}`, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      req.pipe(upstream);
      return;
    }
    const file = join(distDir, url === '/' ? 'index.html' : url.split('?')[0]!);
    if (!file.startsWith(distDir) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
    res.writeHead(200, { 'content-type': type }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

/**
 * Cold loads as a signed-in support agent, subdesk's and the minimal app's in turn (so both meet
 * the same load on the machine): navigation to the first customer row (ms), and the JS/CSS
 * subdesk's first load fetched before that row showed (lazy chunks included).
 */
async function timeToFirstRow(loads: number, minimalDist: string): Promise<{ samples: number[]; minimalSamples: number[]; assets: string[] }> {
  const { chromium } = await import('@playwright/test');
  const port = Number(process.env.BENCH_PORT ?? 3907);
  const product = await startProduct({ port });
  const minimal = await serveMinimalApp(minimalDist, product.url, port + 1);
  try {
    const cookie = await product.login('support');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const [name, value] = cookie.split(';')[0]!.split('=') as [string, string];
    /** One cold load of `url`: ms to the first row, and the JS/CSS paths requested until then. */
    const coldLoad = async (url: string) => {
      const context = await browser.newContext();
      await context.addCookies([{ name, value, url: product.url }]);
      const page = await context.newPage();
      const seen: string[] = [];
      page.on('request', (r) => {
        const path = new URL(r.url()).pathname;
        if (/\.(js|css)$/.test(path)) seen.push(path);
      });
      const started = performance.now();
      await page.goto(url);
      await page.getByRole('row').nth(1).waitFor({ timeout: 30_000 });
      const ms = performance.now() - started;
      await context.close();
      return { ms, seen };
    };
    const samples: number[] = [];
    const minimalSamples: number[] = [];
    const assets = new Set<string>();
    for (let i = 0; i < loads; i++) {
      const load = await coldLoad(`${product.url}/#/customers`);
      samples.push(load.ms);
      if (i === 0) for (const p of load.seen) assets.add(p);
      minimalSamples.push((await coldLoad(`http://127.0.0.1:${port + 1}/#/customers`)).ms);
    }
    await browser.close();
    return { samples, minimalSamples, assets: [...assets] };
  } finally {
    minimal.close();
    await product.stop();
  }
}

export async function runSpaBench(opts: { loads?: number } = {}): Promise<BenchResult> {
  const minimalDist = await buildMinimalApp();
  const minimal = initialAssetsGzip(minimalDist);
  const dist = await buildSubdesk();
  const initial = initialAssetsGzip(dist);
  const metrics: BenchResult['metrics'] = [
    { name: 'minimal react-admin app, all JS+CSS (gzip)', value: round(minimal.bytes / 1024, 1), unit: 'KiB' },
    { name: 'subdesk entry JS+CSS (gzip)', value: round(initial.bytes / 1024, 1), unit: 'KiB' },
  ];
  const loads = opts.loads ?? 5;
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    const { samples, minimalSamples, assets } = await timeToFirstRow(loads, minimalDist);
    const firstList = gzipOf(dist, assets);
    metrics.push(
      { name: 'subdesk JS+CSS before the first customer row (gzip)', value: round(firstList / 1024, 1), unit: 'KiB', note: `${assets.length} files` },
      { name: 'ratio to minimal app', value: round(firstList / minimal.bytes, 3), unit: 'x', target: { op: '<=', value: 1.1 } },
      { name: 'navigation to first customer row (median of cold loads)', value: Math.round(median(samples)), unit: 'ms', target: { op: '<=', value: 1500 } },
      {
        name: 'minimal react-admin app: navigation to first customer row (median)',
        value: Math.round(median(minimalSamples)),
        unit: 'ms',
        note: "the same rows through subdesk's API, loads taken in turn with subdesk's",
      },
    );
  } else {
    metrics.push({
      name: 'ratio to minimal app (entry only: no Chromium to follow lazy chunks)',
      value: round(initial.bytes / minimal.bytes, 3),
      unit: 'x',
      target: { op: '<=', value: 1.1 },
    });
  }
  return { bench: 'spa', setup: `vite build of subdesk and of a minimal react-admin app (same versions); ${loads} cold loads in headless Chromium`, metrics };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runSpaBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
