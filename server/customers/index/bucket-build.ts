import type Database from 'better-sqlite3';
import { bucketRowsStatement, type StagedRow } from '../crawl/stage.ts';
import { buildPerson, type ExistingRow, type PersonBuild } from './person-build.ts';
import type { StagedPart } from './facts.ts';

/** What the builder computed for one stage bucket: its people to write, and the last staged id it consumed. */
export type BucketBuild = { bucket: number; lastId: number | null; people: PersonBuild[] };

/** The customers columns a build starts from (ExistingRow). */
export const EXISTING_ROW_SQL = 'SELECT seq, id, email_key AS key, gigs, centra, search_keys AS keys, search_text AS text FROM customers';

/** Keys per look-up of existing rows: one json_each parameter each. */
const LOOKUP_CHUNK = 4000;

/**
 * Computes stage buckets into PersonBuilds, reading only: the stage and the rows it changes.
 * Runs on the writer's connection or on its own one in a worker; the writer checks that rows it
 * replaces did not change meanwhile (staged-build.ts).
 */
export class BucketComputer {
  private readonly ofBucket;
  private readonly rowsByKeys;

  constructor(sqlite: Database.Database) {
    this.ofBucket = bucketRowsStatement(sqlite);
    this.rowsByKeys = sqlite.prepare(`${EXISTING_ROW_SQL} WHERE email_key IN (SELECT value FROM json_each(?))`);
  }

  /** `fresh`: the index was empty when the build began, so nobody has a row to merge into. */
  compute(bucket: number, fresh: boolean): BucketBuild {
    const rows = this.ofBucket.all(bucket) as StagedRow[];
    const byPerson = partsByPerson(rows);
    const existing = fresh ? new Map<string, ExistingRow>() : this.existing([...byPerson.keys()]);
    const people: PersonBuild[] = [];
    for (const [key, parts] of byPerson) {
      const built = buildPerson(key, parts, existing.get(key));
      if (!built) continue;
      // The writer may have to recompute this person from a row that changed meanwhile.
      if (!fresh) built.parts = parts;
      people.push(built);
    }
    return { bucket, lastId: rows.length ? rows[rows.length - 1]!.id : null, people };
  }

  existing(keys: string[]): Map<string, ExistingRow> {
    const found = new Map<string, ExistingRow>();
    for (let i = 0; i < keys.length; i += LOOKUP_CHUNK) {
      for (const row of this.rowsByKeys.all(JSON.stringify(keys.slice(i, i + LOOKUP_CHUNK))) as ExistingRow[]) found.set(row.key, row);
    }
    return found;
  }
}

/** A bucket's staged parts per person, in crawl order (both engines' builds). */
export function partsByPerson(rows: StagedRow[]): Map<string, StagedPart[]> {
  const byPerson = new Map<string, StagedPart[]>();
  for (const r of rows) {
    const keys = JSON.parse(r.keys) as string[];
    const staged = JSON.parse(r.parts) as StagedPart[];
    for (let i = 0; i < keys.length; i++) {
      const parts = byPerson.get(keys[i]!);
      if (parts) parts.push(staged[i]!);
      else byPerson.set(keys[i]!, [staged[i]!]);
    }
  }
  return byPerson;
}
