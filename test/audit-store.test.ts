import { describe } from 'vitest';
import { auditStoreContract } from './helpers/contracts/audit.ts';
import { sqliteEngine } from './helpers/engines.ts';

describe('the audit store on SQLite', () => {
  auditStoreContract((clock) => sqliteEngine(clock));
});
