import { build } from 'vite';
import react from '@vitejs/plugin-react';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
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
  writeFileSync(join(root, 'index.html'), '<!doctype html><html><head><meta charset="UTF-8"/></head><body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>');
  writeFileSync(join(root, 'main.tsx'), MINIMAL_APP);
  const outDir = join(root, 'dist');
  await build({ root, plugins: [react()], logLevel: 'silent', configFile: false, build: { outDir, emptyOutDir: true } });
  return outDir;
}

async function buildSubdesk(): Promise<string> {
  await build({ configFile: join(repo, 'vite.config.ts'), logLevel: 'silent' });
  return join(repo, 'dist');
}

/** Median of cold loads: navigation to the first customer row, as a signed-in support agent. */
async function timeToFirstRow(loads: number): Promise<number[]> {
  const { chromium } = await import('@playwright/test');
  const product = await startProduct({ port: 3907 });
  try {
    const cookie = await product.login('support');
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const samples: number[] = [];
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext();
      const [name, value] = cookie.split(';')[0]!.split('=') as [string, string];
      await context.addCookies([{ name, value, url: product.url }]);
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${product.url}/#/customers`);
      await page.getByRole('row').nth(1).waitFor({ timeout: 30_000 });
      samples.push(performance.now() - started);
      await context.close();
    }
    await browser.close();
    return samples;
  } finally {
    await product.stop();
  }
}

export async function runSpaBench(opts: { loads?: number } = {}): Promise<BenchResult> {
  const minimal = initialAssetsGzip(await buildMinimalApp());
  const ours = initialAssetsGzip(await buildSubdesk());
  const ratio = ours.bytes / minimal.bytes;
  const metrics: BenchResult['metrics'] = [
    { name: 'first-screen JS+CSS (gzip)', value: round(ours.bytes / 1024, 1), unit: 'KiB' },
    { name: 'minimal react-admin app (gzip)', value: round(minimal.bytes / 1024, 1), unit: 'KiB' },
    { name: 'ratio to minimal app', value: round(ratio, 3), unit: 'x', target: { op: '<=', value: 1.1 } },
  ];
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    const samples = await timeToFirstRow(opts.loads ?? 5);
    metrics.push({ name: 'navigation to first customer row (median of cold loads)', value: Math.round(median(samples)), unit: 'ms', target: { op: '<=', value: 1500 } });
  }
  return { bench: 'spa', setup: `vite build; ${opts.loads ?? 5} cold loads in headless Chromium`, metrics };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runSpaBench().then((r) => console.log(JSON.stringify(r, null, 2)));
}
