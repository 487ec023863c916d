import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { loadConfigOrExit } from '../config.ts';
import { closeConfiguredDatabase, openConfiguredDatabase } from '../storage/open.ts';
import { createLogger } from '../logger.ts';
import { buildDeps } from '../bootstrap.ts';
import { createApp } from '../app.ts';
import { PHASES, type PhaseName } from '../customers/crawl/store/index.ts';
import { progressBar } from './progress.ts';
import { formatCount, formatElapsed } from '../vocabulary/index.ts';
import { commandLine } from './args.ts';

/**
 * `npm run sync [-- --incremental]`: crawls both upstreams into the customer index (full by
 * default; resuming an interrupted crawl first), with a progress bar on stderr, then exits.
 * Non-zero exit when an upstream failed; the reason is printed and recorded for the status page.
 * In sandbox mode the emulators are served on an ephemeral loopback port for the duration.
 */
async function main() {
  const { values: flags } = commandLine({ options: { incremental: { type: 'boolean' } } });
  const config = loadConfigOrExit();
  const database = await openConfiguredDatabase(config, 'subdesk sync cli');
  let handler: ((req: Request) => Response | Promise<Response>) | undefined;
  const server = serve({ fetch: (req) => handler!(req), port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const built = await buildDeps({
    config,
    database,
    logger: createLogger(config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL),
    localPort: (server.address() as AddressInfo).port,
  });
  handler = createApp(built.deps, { sandbox: built.sandboxApps }).fetch;

  const { crawler } = built.deps.customers;
  await crawler.ledger.markInterrupted(built.deps.clock().toISOString());
  // Expected items per phase: the last crawl's counts, else the sandbox's size, for the bar's 100%.
  const previous = (await crawler.ledger.lastSucceeded())?.counts ?? {};
  const seeded = built.sandbox ? config.SANDBOX_CUSTOMERS : 0;
  const expected = (p: PhaseName) => Math.max(previous[p] ?? 0, seeded);
  const total = PHASES.reduce((n, p) => n + expected(p), 0);
  const items: Record<string, number> = {};
  const bar = progressBar('Crawling', total || 1);
  let buildBar: ReturnType<typeof progressBar> | null = null;
  const run = await crawler.run(flags.incremental ? 'incremental' : 'full', (p) => {
    if (p.phase === 'build') {
      if (!buildBar) {
        bar.done(Object.values(items).reduce((a, b) => a + b, 0));
        // People to build: as many as the last crawl built, or the sandbox's size.
        buildBar = progressBar('Indexing', Math.max(previous.built ?? 0, seeded, p.items, 1));
      }
      buildBar.update(p.items);
      return;
    }
    items[p.phase] = p.items;
    bar.update(Object.values(items).reduce((a, b) => a + b, 0));
  });
  // Complete even when nothing needed writing (a later full crawl of an unchanged upstream).
  if (buildBar) (buildBar as ReturnType<typeof progressBar>).done();
  else bar.done(Object.values(items).reduce((a, b) => a + b, 0));

  const read = PHASES.map((p) => `${p} ${formatCount(run.counts[p] ?? 0)}`).join(', ');
  console.log(
    `${run.kind === 'full' ? 'Full' : 'Incremental'} crawl ${run.status} in ${formatElapsed(run.durationMs ?? 0)}: ${read}; ${people(run.counts.built ?? 0)} written to the index${run.counts.forgotten ? `; ${people(run.counts.forgotten)} no longer known to a system` : ''}.`,
  );
  for (const [phase, reason] of Object.entries(run.errors)) console.error(`  ${phase} stopped: ${reason}. The next crawl resumes there.`);
  await built.stop();
  server.close();
  await closeConfiguredDatabase(database);
  process.exit(run.status === 'succeeded' ? 0 : 2);
}

function people(n: number) {
  return `${formatCount(n)} ${n === 1 ? 'customer' : 'customers'}`;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
