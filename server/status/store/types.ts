/** What the health check asks of the database (server/status/store/index.ts picks the engine's). */
export type HealthStore = {
  /** Resolves when the database answers a query; rejects with why it does not. */
  probe(): Promise<void>;
};
