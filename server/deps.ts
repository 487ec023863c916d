import type { Db } from '../db/connection.ts';
import type { Config } from './config.ts';
import type { AuditLog } from './audit/log.ts';
import type { GigsClient } from './upstream/gigs.ts';
import type { CentraClient } from './upstream/centra.ts';
import type { Logger } from './logger.ts';
import type { Feeds } from './feeds/index.ts';

/** Everything the app is built from. Tests build it on a fresh database and the sandbox. */
export type Deps = {
  config: Config;
  db: Db;
  clock: () => Date;
  logger: Logger;
  audit: AuditLog;
  gigs: GigsClient;
  centra: CentraClient;
  feeds: Feeds;
};
