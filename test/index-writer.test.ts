import { describe } from 'vitest';
import { sqliteEngine } from './helpers/engines.ts';
import { indexWriterContract } from './helpers/contracts/index-writer.ts';

describe('the customer index written on SQLite', () => {
  indexWriterContract(sqliteEngine());
});
