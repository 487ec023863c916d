import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/connection.ts';
import { AuditLog } from '../server/audit/log.ts';
import { authStoreContract } from './helpers/contracts/auth.ts';

// Two instances on SQLite: two connections to one database file, as two processes would open it.
authStoreContract('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'subdesk-auth-store-'));
  const path = join(dir, 'subdesk.db');
  const open = () => {
    const db = openDatabase(path);
    return { kind: 'sqlite' as const, db, audit: new AuditLog(db) };
  };
  const a = open();
  const b = open();
  return {
    a,
    b,
    close: async () => {
      a.db.$client.close();
      b.db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
