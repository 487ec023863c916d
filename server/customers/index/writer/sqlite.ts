import type { CustomerStore } from '../store.ts';
import type { IndexUpdates, IndexWriter } from './types.ts';

/**
 * The index's writing side on SQLite: CustomerStore (server/customers/index/store.ts), whose
 * transactions are synchronous (no await may sit inside a better-sqlite3 transaction). Each
 * method is one transaction, its promise already settled when it returns.
 */
export class SqliteIndexWriter implements IndexWriter {
  constructor(readonly store: CustomerStore) {}

  get planStats() {
    return this.store.planStats;
  }

  async isEmpty() {
    return this.store.isEmpty();
  }

  async write(updates: IndexUpdates, unchangedSince?: Map<string, string | null>, how?: { readLive: boolean }) {
    return this.store.write(updates, unchangedSince, how?.readLive ?? false);
  }

  forgetUnseen(seen: Parameters<IndexWriter['forgetUnseen']>[0], since: string) {
    return this.store.forgetUnseen(seen, since);
  }

  buildAll(onProgress?: (built: number) => void) {
    return this.store.buildAll(onProgress);
  }

  async gigsRowsOf(userId: string, key: string | null) {
    return this.store.gigsRowsOf(userId, key);
  }

  async gigsPartsThatChange(keys: string[], parts: string[]) {
    return this.store.gigsPartsThatChange(keys, parts);
  }

  async centraRowsOfCustomer(customerId: string) {
    return this.store.centraRowsOfCustomer(customerId);
  }

  async centraRowsWithKey(id: string) {
    return this.store.centraRowsWithKey(id);
  }
}
