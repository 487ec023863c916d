import { rmSync } from 'node:fs';
import { loadConfigOrExit } from '../config.ts';
import { createSandbox } from '../sandbox/index.ts';
import { progressBar } from './progress.ts';
import { formatCount, formatElapsed } from '../vocabulary/index.ts';
import { commandLine } from './args.ts';

/**
 * `npm run seed -- --customers N`: regenerates the sandbox's data (both emulators) at any size up
 * to 1,000,000 customers. subdesk's own database is left alone; run `npm run sync` (or start the
 * server) afterwards to crawl the new data into the customer index.
 */
function main() {
  const { values: flags } = commandLine({ options: { customers: { type: 'string' }, db: { type: 'string' } } });
  const config = loadConfigOrExit();
  const raw = flags.customers ?? String(config.SANDBOX_CUSTOMERS);
  const customers = Number(raw);
  if (!Number.isInteger(customers) || customers < 1 || customers > 1_000_000) {
    console.error(`--customers must be a whole number from 1 to 1,000,000 (got "${raw}")`);
    process.exit(1);
  }
  const path = flags.db ?? config.sandboxDatabasePath;
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const bar = progressBar('Seeding sandbox', customers);
  const started = Date.now();
  const sandbox = createSandbox({ dbPath: path, customers, publicUrl: config.publicUrl, onSeedProgress: (done) => bar.update(done) });
  bar.done(customers);
  sandbox.close();
  console.log(`Seeded ${formatCount(customers)} customers into ${path} in ${formatElapsed(Date.now() - started)}.`);
  console.log('Start subdesk (npm start) or run `npm run sync` to index them.');
}

main();
