import { rmSync } from 'node:fs';
import Database from 'better-sqlite3';
import { preparePrivateFile } from '../../../db/private-file.ts';

/** Where a build sorts its new rows' keys: a scratch file next to subdesk's own, removed after use. */
export const keySortPath = (dbPath: string) => `${dbPath}-keysort`;

/** The SELECT that lists the pending keys of `schema` in the order customer_keys is stored in. */
export const pendingKeysSql = (schema: string) =>
  `SELECT k.value AS key, d.seq AS seq FROM ${schema}.crawl_stage_new_keys d, json_each(d.keys) k ORDER BY 1, 2`;

/**
 * Sorts the new rows' keys that wait in subdesk's file (`dbPath`) into a new scratch file, on a
 * connection of its own: subdesk's file is only read, so the writer stays free meanwhile (a
 * first build of a million people recreates its indexes while ten million keys are sorted here).
 * The scratch rows come out in key order, rowid 1 first.
 */
export function sortPendingKeys(dbPath: string): void {
  const path = keySortPath(dbPath);
  rmSync(path, { force: true });
  // It holds every new person's e-mail and phone keys while it exists.
  preparePrivateFile(path);
  const scratch = new Database(path);
  try {
    // A scratch file: nothing in it survives a crash (the keys still wait in subdesk's file).
    scratch.pragma('journal_mode = OFF');
    scratch.pragma('synchronous = OFF');
    scratch.pragma('temp_store = FILE');
    scratch.prepare('ATTACH ? AS src').run(dbPath);
    scratch.exec(`CREATE TABLE sorted AS ${pendingKeysSql('src')}`);
  } finally {
    scratch.close();
  }
}
