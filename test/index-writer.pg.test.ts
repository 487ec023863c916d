import { describe } from 'vitest';
import { postgresEngine } from './helpers/engines.ts';
import { testDatabase } from './helpers/postgres.ts';
import { indexWriterContract } from './helpers/contracts/index-writer.ts';

describe('the customer index written on PostgreSQL', () => {
  indexWriterContract(postgresEngine(testDatabase));
});
