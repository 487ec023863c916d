import { openDatabase, type Db } from '../../db/connection.ts';
import { AuditLog } from '../../server/audit/log.ts';
import { SqliteCrawlLedger } from '../../server/customers/crawl/store/sqlite.ts';
import { CustomerStore } from '../../server/customers/index/store.ts';
import { SqliteIndexWriter } from '../../server/customers/index/writer/sqlite.ts';
import type { BuildTuning } from '../../server/customers/index/staged-build.ts';
import { SqliteCustomerSearch } from '../../server/customers/store/sqlite-search.ts';
import { Crawler } from '../../server/customers/crawl/crawler.ts';
import type { CrawlSources, Page } from '../../server/customers/crawl/crawl-sources.ts';
import { UpstreamError } from '../../server/upstream/errors.ts';
import { person } from '../../server/sandbox/people.ts';
import {
  contractPart,
  customerPart,
  subscriptionPart,
  userPart,
  type CentraContractItem,
  type CentraCustomerLike,
  type GigsSubscriptionLike,
  type GigsUserLike,
  type StagedPart,
} from '../../server/customers/index/facts.ts';
import { stagedOf } from '../../server/customers/crawl/crawl-pages.ts';

/** In-memory upstreams over the sandbox people, honouring cursors, with a switch to fail mid-way. */
export function fakeUpstreams(count: number) {
  const users: GigsUserLike[] = [];
  const subs: GigsSubscriptionLike[] = [];
  const customers: CentraCustomerLike[] = [];
  const contracts: CentraContractItem[] = [];
  for (let i = 0; i < count; i++) {
    const p = person(i);
    if (p.inGigs) {
      const user = { id: `usr_${i}`, email: p.email, fullName: p.fullName };
      users.push(user);
      subs.push({
        id: `sub_${i}`,
        status: i % 3 ? 'active' : 'ended',
        phoneNumber: p.phone,
        sim: { id: `sim_${i}`, iccid: `89883070000${String(i).padStart(8, '0')}` },
        user,
        plan: { id: `pln_${i % 2}`, provider: 'p1' },
        createdAt: '2026-01-02T03:04:05Z',
        canceledAt: null,
        endedAt: i % 3 ? null : '2026-02-01T00:00:00Z',
      });
    }
    if (p.inCentra) {
      customers.push({
        customerId: String(i + 1),
        email: p.centraEmail,
        firstName: p.firstName,
        lastName: p.lastName,
        country: p.country,
        phoneNumber: p.phone,
      });
      contracts.push({
        customerId: String(i + 1),
        email: p.centraEmail,
        contract: {
          id: i + 1,
          shippingAddress: { country: p.country, phoneNumber: p.phone },
          subscriptions: [
            {
              id: 10_000 + i,
              status: 'active',
              plan: { id: 7 },
              discount: i % 2 ? 10 : 20,
              lines: [{ item: `it-${i % 4}` }],
              createdAt: '2026-03-01 10:00:00',
            },
          ],
        },
      });
    }
  }
  const fail = { gigsAfterPages: Infinity, centraAfterPages: Infinity };
  const cursorsSeen: Record<string, unknown[]> = {};
  function paged<T>(name: string, items: T[], size: number, system: 'gigs' | 'centra', part: (item: T) => StagedPart | null) {
    return async function* (cursor: unknown): AsyncIterable<Page> {
      (cursorsSeen[name] ??= []).push(cursor);
      let at = (cursor as { skip?: number } | null)?.skip ?? 0;
      let pages = 0;
      while (at < items.length) {
        const limit = system === 'gigs' ? fail.gigsAfterPages : fail.centraAfterPages;
        if (pages >= limit) throw new UpstreamError(system, 'http', 'Injected internal error', { status: 500 });
        const page = items.slice(at, at + size);
        at += page.length;
        pages++;
        await new Promise((r) => setImmediate(r));
        yield { ...stagedOf(page, part), cursor: { skip: at } };
      }
    };
  }
  const sources: CrawlSources = {
    gigsUsers: paged('gigsUsers', users, 50, 'gigs', userPart),
    gigsSubscriptions: paged('gigsSubscriptions', subs, 50, 'gigs', subscriptionPart),
    centraCustomers: paged('centraCustomers', customers, 100, 'centra', customerPart),
    centraContracts: paged('centraContracts', contracts, 100, 'centra', contractPart),
  };
  return { sources, fail, cursorsSeen, users, customers, subs, contracts };
}

/** Holds one list after each page it yields until the returned release is called (a crawl kept running). */
export function holdAfterEachPage(sources: CrawlSources, list: keyof CrawlSources): () => void {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const source = sources[list];
  sources[list] = async function* (cursor, since) {
    for await (const page of source(cursor, since)) {
      yield page;
      await gate;
    }
  };
  return release;
}

/** A crawler on this SQLite database (its stage made, as on start), and the stage it fills. */
export function crawlerOn(db: Db, store: CustomerStore, sources: CrawlSources) {
  const clock = () => new Date();
  const ledger = new SqliteCrawlLedger({ kind: 'sqlite', db, audit: new AuditLog(db, clock) }, store, clock);
  return { crawler: new Crawler(ledger, new SqliteIndexWriter(store), sources, { clock }), stage: ledger.stage };
}

export function setupCrawl(count: number, opts: { dbPath?: string; tuning?: BuildTuning } = {}) {
  const db = openDatabase(opts.dbPath ?? ':memory:');
  const up = fakeUpstreams(count);
  const store = new CustomerStore(db, () => new Date(), opts.tuning);
  const { crawler, stage } = crawlerOn(db, store, up.sources);
  const search = new SqliteCustomerSearch(db);
  const total = () => (db.$client.prepare('SELECT count(*) AS n FROM customers WHERE search_text IS NOT NULL').get() as { n: number }).n;
  const q = <T>(sql: string, ...args: unknown[]) => db.$client.prepare(sql).all(...args) as T[];
  return { db, up, crawler, stage, search, total, q, store };
}

/** Everything a build writes, in a comparable form (updated_at and row numbers aside: rows are named by e-mail key). */
export function indexContents(q: <T>(sql: string) => T[]) {
  return {
    customers: q(
      'SELECT id, email_key, name, name_sort, email, emails, phones, countries, gigs_user_id, centra_customer_id, in_gigs, in_centra, gigs_live, centra_live, gigs, centra, search_text, search_keys, dirty FROM customers ORDER BY email_key',
    ),
    keys: q('SELECT k.key, c.email_key FROM customer_keys k JOIN customers c USING (seq) ORDER BY 1, 2'),
    subscriptions: q(
      'SELECT s.system, s.id, c.email_key, s.plan_id, s.status, s.discount, s.item, s.created_at, s.canceled_at FROM indexed_subscriptions s JOIN customers c ON c.seq = s.customer_seq ORDER BY 1, 2',
    ),
    fts: q(`SELECT c.email_key FROM customers_fts f JOIN customers c ON c.seq = f.rowid WHERE customers_fts MATCH '"ang"' ORDER BY 1`),
  };
}
