import type { Db } from '../../../db/connection.ts';
import { customers } from '../../../db/schema.ts';
import type { CentraFacts, GigsFacts } from '../types.ts';
import { SubscriptionsIndex, subscriptionRows } from './subscriptions-index.ts';
import { ensurePendingKeys } from '../crawl/stage.ts';
import { columnsOf, type DerivedColumns, type ExistingRow, type PersonBuild } from './person-build.ts';

/** The customers columns the builder derives from the facts, listed once (SQL names from db/schema.ts). */
const DERIVED = {
  name: customers.name,
  nameSort: customers.nameSort,
  email: customers.email,
  emails: customers.emails,
  phones: customers.phones,
  countries: customers.countries,
  gigsUserId: customers.gigsUserId,
  centraCustomerId: customers.centraCustomerId,
  inGigs: customers.inGigs,
  inCentra: customers.inCentra,
  gigsLive: customers.gigsLive,
  centraLive: customers.centraLive,
  searchText: customers.searchText,
  searchKeys: customers.searchKeys,
} satisfies Record<keyof DerivedColumns, { name: string }>;

const derived = Object.entries(DERIVED) as [keyof DerivedColumns, { name: string }][];
const DERIVED_NAMES = derived.map(([, c]) => c.name).join(', ');
const DERIVED_PARAMS = derived.map(([k]) => `@${k}`).join(', ');
const DERIVED_SET = derived.map(([k, c]) => `${c.name} = @${k}`).join(', ');

/**
 * Writes built people into the customers table with everything that follows a row: its derived
 * columns, its FTS entry, its exact keys and its indexed subscriptions. The store (one person
 * after a refresh, dirty rows) and the staged build (a crawl's people) both write through it.
 */
export class RowWriter {
  readonly subscriptions: SubscriptionsIndex;
  private readonly writeDerived;
  private readonly insertBuilt;
  private readonly updateBuilt;
  private readonly addKey;
  private readonly dropKey;
  private readonly ftsAdd;
  private readonly ftsDrop;
  private readonly takePendingKeys;
  private readonly noteRebuilt;

  constructor(db: Db) {
    const s = db.$client;
    this.subscriptions = new SubscriptionsIndex(s);
    this.writeDerived = s.prepare(`UPDATE customers SET ${DERIVED_SET}, dirty = 0 WHERE seq = @seq`);
    // A new row's FTS entry is written right after it (no trigger: an AFTER INSERT trigger made
    // each FTS insert ~3.5 times slower); its keys wait for the end of the build (deferKeys).
    this.insertBuilt = s.prepare(`INSERT INTO customers (id, email_key, gigs, centra, ${DERIVED_NAMES}, dirty, updated_at)
      VALUES (@id, @key, @gigs, @centra, ${DERIVED_PARAMS}, 0, @now)`);
    this.updateBuilt = s.prepare(`UPDATE customers SET gigs = @gigs, centra = @centra, ${DERIVED_SET}, dirty = 0, updated_at = @now WHERE seq = @seq`);
    this.addKey = s.prepare('INSERT OR IGNORE INTO customer_keys (key, seq) VALUES (?, ?)');
    this.dropKey = s.prepare('DELETE FROM customer_keys WHERE key = ? AND seq = ?');
    this.ftsAdd = s.prepare('INSERT INTO customers_fts (rowid, search_text) VALUES (?, ?)');
    this.ftsDrop = s.prepare("INSERT INTO customers_fts (customers_fts, rowid, search_text) VALUES ('delete', ?, ?)");
    ensurePendingKeys(s);
    this.takePendingKeys = s.prepare('DELETE FROM crawl_stage_new_keys WHERE seq = ?');
    this.noteRebuilt = s.prepare('INSERT OR IGNORE INTO crawl_stage_rebuilt (seq) VALUES (?)');
  }

  /** Derives one existing row's columns from its facts as they are now. */
  rebuild(row: ExistingRow) {
    const gigs = row.gigs ? (JSON.parse(row.gigs) as GigsFacts) : null;
    const centra = row.centra ? (JSON.parse(row.centra) as CentraFacts) : null;
    const { columns, keys } = columnsOf(row.id, row.key, gigs, centra);
    this.writeDerived.run({ ...columns, seq: row.seq });
    this.followRow(row, columns.searchText, keys);
    this.subscriptions.write(row.seq, subscriptionRows(gigs, centra));
  }

  /** Writes a computed person; a new row's keys go to `deferKeys` (they join the index at the end of the build). */
  writeBuilt(person: PersonBuild, now: string, deferKeys: (seq: number, keys: string[]) => void) {
    const values = { ...person.columns, id: person.id, key: person.key, gigs: person.gigs, centra: person.centra, now };
    if (person.before) {
      this.updateBuilt.run({ ...values, seq: person.before.seq });
      this.followRow(person.before, person.columns.searchText, person.keys);
      this.subscriptions.write(person.before.seq, person.subscriptions);
    } else {
      const seq = Number(this.insertBuilt.run(values).lastInsertRowid);
      this.ftsAdd.run(seq, person.columns.searchText);
      deferKeys(seq, person.keys);
      this.subscriptions.write(seq, person.subscriptions, true);
    }
  }

  /**
   * The FTS entry and the keys follow the row; only what changed is written. (Directly, not by
   * trigger: an AFTER UPDATE trigger made the FTS insert about ten times slower.)
   */
  private followRow(row: ExistingRow, searchText: string, keys: string[]) {
    if (row.text !== searchText) {
      if (row.text !== null) this.ftsDrop.run(row.seq, row.text);
      this.ftsAdd.run(row.seq, searchText);
    }
    // A row whose keys still wait for the end of a build (or whose text was never set: built by an
    // older version and interrupted) has none of its keys indexed yet; they are written here.
    const pending = this.takePendingKeys.run(row.seq).changes > 0;
    if (pending) this.noteRebuilt.run(row.seq);
    const before = row.keys && row.text !== null && !pending ? row.keys.split(' ') : [];
    const after = new Set(keys);
    for (const k of before) if (!after.has(k)) this.dropKey.run(k, row.seq);
    const had = new Set(before);
    for (const k of keys) if (!had.has(k)) this.addKey.run(k, row.seq);
  }
}
