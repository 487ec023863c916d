import type Database from 'better-sqlite3';
import { GraphQLError } from 'graphql';

/**
 * Centra's Events system (docs/upstreams.md, "The Events system"): an integration registers
 * listeners per object type and change type; every change the sandbox makes to a listened-to
 * object is queued for that integration (by triggers, so that no write path can forget one);
 * `events` answers the oldest unconfirmed ones, each with the object's current state (null when
 * it is gone); `confirmEvents` takes them off the queue. Unconfirmed events come back.
 */
export const OBJECT_TYPES = ['Customer', 'Subscription', 'SubscriptionContract', 'SubscriptionPlan'] as const;
export const CHANGE_TYPES = ['CREATED', 'UPDATED', 'DELETED', 'DEPENDENT_DATA_CHANGED'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];
export type ChangeType = (typeof CHANGE_TYPES)[number];
export type EventRow = { id: number; object_type: ObjectType; change_type: ChangeType; object_reference: string; created_at: string };

/** The tables each object type's events come from, by the change that makes them. */
const SOURCES: [ObjectType, string][] = [
  ['Customer', 'centra_customers'],
  ['SubscriptionContract', 'centra_contracts'],
  ['Subscription', 'centra_subscriptions'],
  ['SubscriptionPlan', 'centra_plans'],
];

export function migrateEvents(db: Database.Database) {
  db.exec(`
    CREATE TABLE IF NOT EXISTS centra_event_listeners (
      integration TEXT NOT NULL,
      object_type TEXT NOT NULL,
      -- JSON array of change types; NULL: all of them.
      change_types TEXT,
      PRIMARY KEY (integration, object_type)
    );
    CREATE TABLE IF NOT EXISTS centra_events (
      id INTEGER PRIMARY KEY,
      integration TEXT NOT NULL,
      object_type TEXT NOT NULL,
      change_type TEXT NOT NULL,
      object_reference TEXT NOT NULL,
      created_at TEXT NOT NULL,
      confirmed INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX IF NOT EXISTS centra_events_queue ON centra_events (integration, confirmed, id);
  `);
  for (const [type, table] of SOURCES) {
    for (const [change, when, row] of [
      ['CREATED', 'INSERT', 'new'],
      ['UPDATED', 'UPDATE', 'new'],
      ['DELETED', 'DELETE', 'old'],
    ] as const) {
      db.exec(`CREATE TRIGGER IF NOT EXISTS ${table}_event_${change.toLowerCase()} AFTER ${when} ON ${table} BEGIN
        INSERT INTO centra_events (integration, object_type, change_type, object_reference, created_at)
        SELECT l.integration, '${type}', '${change}', CAST(${row}.id AS TEXT), strftime('%Y-%m-%d %H:%M:%S', 'now')
        FROM centra_event_listeners l
        WHERE l.object_type = '${type}' AND (l.change_types IS NULL OR EXISTS (SELECT 1 FROM json_each(l.change_types) WHERE value = '${change}'));
      END`);
    }
  }
}

export class EventQueue {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      listeners: db.prepare('SELECT object_type, change_types FROM centra_event_listeners WHERE integration = ? ORDER BY object_type'),
      listener: db.prepare('SELECT change_types FROM centra_event_listeners WHERE integration = ? AND object_type = ?'),
      setListener: db.prepare(`INSERT INTO centra_event_listeners (integration, object_type, change_types) VALUES (?, ?, ?)
        ON CONFLICT (integration, object_type) DO UPDATE SET change_types = excluded.change_types`),
      unsetListener: db.prepare('DELETE FROM centra_event_listeners WHERE integration = ? AND object_type = ?'),
      confirm: db.prepare('UPDATE centra_events SET confirmed = 1 WHERE integration = ? AND id IN (SELECT value FROM json_each(?)) AND confirmed = 0'),
      unconfirmed: db.prepare('SELECT count(*) AS n FROM centra_events WHERE integration = ? AND confirmed = 0'),
    };
  }

  listeners(integration: string) {
    return (this.s.listeners.all(integration) as { object_type: ObjectType; change_types: string | null }[]).map((l) => ({
      objectType: l.object_type,
      changeTypes: l.change_types ? (JSON.parse(l.change_types) as ChangeType[]) : [...CHANGE_TYPES],
    }));
  }

  /** Additive and idempotent: the change types given join those already listened to (none given: all). */
  setListeners(integration: string, input: { objectType: ObjectType; changeTypes?: ChangeType[] | null }[]) {
    this.db.transaction(() => {
      for (const { objectType, changeTypes } of input) {
        const row = this.s.listener.get(integration, objectType) as { change_types: string | null } | undefined;
        const had: ChangeType[] | null = row ? (row.change_types ? JSON.parse(row.change_types) : null) : [];
        const all = !changeTypes?.length || had === null;
        const merged = all ? null : JSON.stringify([...new Set([...had, ...changeTypes])]);
        this.s.setListener.run(integration, objectType, merged);
      }
    })();
    return this.listeners(integration);
  }

  unsetListeners(integration: string, input: { objectType: ObjectType; changeTypes?: ChangeType[] | null }[]) {
    this.db.transaction(() => {
      for (const { objectType, changeTypes } of input) {
        const row = this.s.listener.get(integration, objectType) as { change_types: string | null } | undefined;
        if (!row) continue;
        if (!changeTypes?.length) {
          this.s.unsetListener.run(integration, objectType);
          continue;
        }
        const left = (row.change_types ? (JSON.parse(row.change_types) as ChangeType[]) : [...CHANGE_TYPES]).filter((c) => !changeTypes.includes(c));
        if (left.length) this.s.setListener.run(integration, objectType, JSON.stringify(left));
        else this.s.unsetListener.run(integration, objectType);
      }
    })();
    return this.listeners(integration);
  }

  /** The oldest unconfirmed events of this integration. */
  events(integration: string, where: { objectType?: ObjectType[] | null; changeType?: ChangeType[] | null } | null | undefined, limit: number): EventRow[] {
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new GraphQLError('Argument "limit" must be between 1 and 200.');
    const clauses = ['integration = ?', 'confirmed = 0'];
    const params: (string | number)[] = [integration];
    if (where?.objectType?.length) {
      clauses.push('object_type IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(where.objectType));
    }
    if (where?.changeType?.length) {
      clauses.push('change_type IN (SELECT value FROM json_each(?))');
      params.push(JSON.stringify(where.changeType));
    }
    return this.db
      .prepare(`SELECT id, object_type, change_type, object_reference, created_at FROM centra_events WHERE ${clauses.join(' AND ')} ORDER BY id LIMIT ?`)
      .all(...params, limit) as EventRow[];
  }

  /** Takes events off the queue; answers how many were still waiting. */
  confirm(integration: string, ids: number[]): number {
    return this.s.confirm.run(integration, JSON.stringify(ids)).changes;
  }

  backlog(integration: string): number {
    return (this.s.unconfirmed.get(integration) as { n: number }).n;
  }
}
