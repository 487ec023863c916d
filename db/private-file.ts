import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * The data files hold password hashes, customers' personal data and the sandbox's API keys: only
 * subdesk's own user may read them. A directory subdesk creates is 0700 (one that exists is left
 * as it is: DATABASE_PATH may point into a shared one); the SQLite file is created 0600 before
 * SQLite opens it, since SQLite would use the umask (0644) and gives its -wal and -shm files the
 * database file's mode. Files from before, looser than 0600, are tightened.
 */
export function preparePrivateFile(path: string) {
  if (path === ':memory:') return;
  const file = resolve(path);
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600);
  }
}
