import { PgAuditLog } from '../server/storage/pg/audit-append.ts';
import { authStoreContract } from './helpers/contracts/auth.ts';
import { testDatabase } from './helpers/postgres.ts';

// Two instances on PostgreSQL: two pools on one database, each with its own audit log.
authStoreContract('PostgreSQL', async () => {
  const test = await testDatabase();
  const second = test.open({ applicationName: 'subdesk-b' });
  return {
    a: { kind: 'postgres', db: test.db, audit: new PgAuditLog(test.db) },
    b: { kind: 'postgres', db: second, audit: new PgAuditLog(second) },
    close: () => test.drop(),
  };
});
