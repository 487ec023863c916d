import { describe } from 'vitest';
import { timelineContract } from './helpers/contracts/timeline.ts';
import { sqliteEngine } from './helpers/engines.ts';

describe("the timeline's store on SQLite", () => timelineContract(sqliteEngine()));
