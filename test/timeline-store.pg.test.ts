import { describe } from 'vitest';
import { timelineContract } from './helpers/contracts/timeline.ts';
import { postgresEngine } from './helpers/engines.ts';
import { testDatabase } from './helpers/postgres.ts';

describe("the timeline's store on PostgreSQL", () => timelineContract(postgresEngine(testDatabase)));
