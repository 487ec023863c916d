import { describe, expect, it } from 'vitest';
import { createIndexWriter } from '../server/customers/index/writer/index.ts';
import { PgAuditLog } from '../server/storage/pg/audit-append.ts';
import type { GigsFacts } from '../server/customers/types.ts';
import { postgresEngine } from './helpers/engines.ts';
import { testDatabase } from './helpers/postgres.ts';
import { indexWriterContract } from './helpers/contracts/index-writer.ts';

describe('the customer index written on PostgreSQL', () => {
  indexWriterContract(postgresEngine(testDatabase));

  it('a write that changes nothing takes no lock: it is done while another instance holds the row', async () => {
    const test = await testDatabase();
    const writer = createIndexWriter({ kind: 'postgres', db: test.db, audit: new PgAuditLog(test.db) }, () => new Date());
    const facts: GigsFacts = { u: 'usr_1', e: 'ada@example.com', n: 'Ada Lind', subs: { sub_A1: { s: 'active', pl: 'pln_1' } } };
    await writer.write({ gigs: new Map([['ada@example.com', () => facts]]) });
    const other = await test.db.$client.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT 1 FROM customers FOR UPDATE');
      const written = writer.write({ gigs: new Map([['ada@example.com', (cur) => cur ?? null]]) });
      // A write that locked the row would still be waiting for the other transaction after this.
      const waiting = new Promise((resolve) => setTimeout(() => resolve('still waiting for the row'), 3000));
      expect(await Promise.race([written, waiting])).toBe(0);
      // A change does wait: it is written once the other transaction ends.
      const renamed = writer.write({ gigs: new Map([['ada@example.com', (cur) => ({ ...cur!, n: 'Ada Berg' })]]) });
      expect(await Promise.race([renamed, new Promise((resolve) => setTimeout(() => resolve('waiting'), 300))])).toBe('waiting');
      await other.query('ROLLBACK');
      expect(await renamed).toBe(1);
    } finally {
      other.release();
      await test.drop();
    }
  });
});
