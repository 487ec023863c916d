import { rmSync } from 'node:fs';
import { loadConfigOrExit } from '../config.ts';
import { createSandbox } from '../sandbox/index.ts';
import { parseArgs, progressBar } from './progress.ts';

/**
 * `npm run seed -- --customers N`: regenerates the sandbox's data (both emulators) at any size up
 * to 1,000,000 customers. subdesk's own database is left alone; run `npm run sync` (or start the
 * server) afterwards to crawl the new data into the customer index.
 */
function main() {
  const { flags } = parseArgs(process.argv.slice(2));
  const config = loadConfigOrExit();
  const raw = flags.customers ?? String(config.SANDBOX_CUSTOMERS);
  const customers = Number(raw);
  if (!Number.isInteger(customers) || customers < 1 || customers > 1_000_000) {
    console.error(`--customers must be a whole number from 1 to 1,000,000 (got "${raw}")`);
    process.exit(1);
  }
  const path = typeof flags.db === 'string' ? flags.db : config.sandboxDatabasePath;
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
  const bar = progressBar('Seeding sandbox', customers);
  const started = Date.now();
  const sandbox = createSandbox({ dbPath: path, customers, publicUrl: config.publicUrl, onSeedProgress: (done) => bar.update(done) });
  bar.done(customers);
  sandbox.close();
  console.log(`Seeded ${customers.toLocaleString('en-US')} customers into ${path} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  console.log('Start subdesk (npm start) or run `npm run sync` to index them.');
}

main();
