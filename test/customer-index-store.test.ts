import { describe } from 'vitest';
import { customerIndexContract } from './helpers/contracts/customer-index.ts';
import { sqliteEngine } from './helpers/engines.ts';

describe('the customer index store on SQLite', () => customerIndexContract(sqliteEngine()));
