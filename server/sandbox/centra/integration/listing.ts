import type Database from 'better-sqlite3';
import { GraphQLError } from 'graphql';
import { parseTime, sqlTime } from '../dates.ts';
import type { ContractRow, CustomerRow, PaymentRow, PlanRow, SubscriptionRow } from '../store.ts';

export type DateRange = { from?: string | null; to?: string | null };
export type ContractFilter = {
  id?: number[] | null;
  customerId?: number[] | null;
  email?: { equals?: string | null; contains?: string | null } | null;
  createdAt?: DateRange | null;
  updatedAt?: DateRange | null;
};
export type ContractSort = `${'id' | 'createdAt' | 'updatedAt'}_${'ASC' | 'DESC'}`;

export type ContractPageRows = {
  contracts: ContractRow[];
  customers: Map<number, CustomerRow>;
  subscriptions: Map<number, SubscriptionRow[]>;
  payments: Map<number, PaymentRow[]>;
};

const COLUMN = { id: 'c.id', createdAt: 'c.created_at', updatedAt: 'c.updated_at' } as const;
export const MAX_LIMIT = 200;
/** Distinct filter shapes kept as prepared statements before starting afresh. */
const MAX_STATEMENTS = 200;

/**
 * Centra's classic list (`where`, `sort`, `limit`, `page`) over the sandbox's contracts. Pages
 * are numbered, as Centra's are; a crawl asks for page after page with the same filter, so the
 * last id of each page is remembered and page n+1 of an id-ordered listing seeks past it
 * instead of skipping n x limit rows (contract ids only grow: the sandbox never deletes one).
 */
export class ContractListing {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly pageEnds = new Map<string, number>();
  private readonly byIds: { subs: Database.Statement; pays: Database.Statement; customers: Database.Statement };

  constructor(private readonly db: Database.Database) {
    const inIds = (table: string, column: string) => db.prepare(`SELECT * FROM ${table} WHERE ${column} IN (SELECT value FROM json_each(?)) ORDER BY id`);
    this.byIds = {
      subs: inIds('centra_subscriptions', 'contract_id'),
      pays: inIds('centra_payments', 'contract_id'),
      customers: inIds('centra_customers', 'id'),
    };
  }

  page(args: { where?: ContractFilter | null; sort?: ContractSort[] | null; limit?: number | null; page?: number | null }): ContractPageRows {
    const limit = args.limit ?? 20;
    const page = args.page ?? 1;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new GraphQLError(`Argument "limit" must be between 1 and ${MAX_LIMIT}.`);
    if (!Number.isInteger(page) || page < 1) throw new GraphQLError('Argument "page" must be 1 or more.');
    const { clauses, params } = whereSql(args.where ?? {});
    const sort = args.sort?.length ? args.sort : (['id_ASC'] as ContractSort[]);
    const order = sort.map((s) => {
      const [field, dir] = s.split('_') as [keyof typeof COLUMN, 'ASC' | 'DESC'];
      return `${COLUMN[field]} ${dir}`;
    });
    if (!sort.some((s) => s.startsWith('id_'))) order.push('c.id ASC');

    const shape = JSON.stringify([clauses, order, params, limit]);
    const seekFrom = order.length === 1 && order[0] === 'c.id ASC' ? this.pageEnds.get(`${shape}|${page - 1}`) : undefined;
    let rows: ContractRow[];
    if (page === 1 || seekFrom !== undefined) {
      const seek = seekFrom !== undefined ? [...clauses, 'c.id > ?'] : clauses;
      rows = this.statement(`SELECT c.* FROM centra_contracts c ${seek.length ? `WHERE ${seek.join(' AND ')}` : ''} ORDER BY ${order.join(', ')} LIMIT ?`).all(
        ...params,
        ...(seekFrom !== undefined ? [seekFrom] : []),
        limit,
      ) as ContractRow[];
    } else {
      rows = this.statement(
        `SELECT c.* FROM centra_contracts c ${clauses.length ? `WHERE ${clauses.join(' AND ')}` : ''} ORDER BY ${order.join(', ')} LIMIT ? OFFSET ?`,
      ).all(...params, limit, (page - 1) * limit) as ContractRow[];
    }
    if (rows.length) {
      if (this.pageEnds.size > 10_000) this.pageEnds.clear();
      this.pageEnds.set(`${shape}|${page}`, rows[rows.length - 1]!.id);
    }
    return this.withParts(rows);
  }

  one(id: number): ContractPageRows {
    return this.withParts(this.statement('SELECT c.* FROM centra_contracts c WHERE c.id = ?').all(id) as ContractRow[]);
  }

  /** The contract a subscription is on, with its parts. */
  ofSubscription(subscriptionId: number): ContractPageRows {
    return this.withParts(
      this.statement('SELECT c.* FROM centra_contracts c JOIN centra_subscriptions s ON s.contract_id = c.id WHERE s.id = ?').all(
        subscriptionId,
      ) as ContractRow[],
    );
  }

  customer(id: number): CustomerRow | undefined {
    return this.statement('SELECT * FROM centra_customers WHERE id = ?').get(id) as CustomerRow | undefined;
  }

  plan(id: number): PlanRow | undefined {
    return this.statement('SELECT * FROM centra_plans WHERE id = ?').get(id) as PlanRow | undefined;
  }

  private withParts(contracts: ContractRow[]): ContractPageRows {
    const ids = JSON.stringify(contracts.map((c) => c.id));
    const group = <R extends { contract_id: number }>(list: R[]) => {
      const m = new Map<number, R[]>();
      for (const r of list) m.set(r.contract_id, [...(m.get(r.contract_id) ?? []), r]);
      return m;
    };
    const customerIds = JSON.stringify([...new Set(contracts.map((c) => c.customer_id))]);
    return {
      contracts,
      subscriptions: group(this.byIds.subs.all(ids) as SubscriptionRow[]),
      payments: group(this.byIds.pays.all(ids) as PaymentRow[]),
      customers: new Map((this.byIds.customers.all(customerIds) as CustomerRow[]).map((c) => [c.id, c])),
    };
  }

  private statement(sql: string) {
    let s = this.statements.get(sql);
    if (!s) {
      if (this.statements.size >= MAX_STATEMENTS) this.statements.clear();
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }
}

function whereSql(where: ContractFilter) {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  const list = (column: string, values: (number | string)[] | null | undefined) => {
    if (!values) return;
    clauses.push(`${column} IN (SELECT value FROM json_each(?))`);
    params.push(JSON.stringify(values));
  };
  list('c.id', where.id);
  list('c.customer_id', where.customerId);
  if (where.email?.equals != null) {
    clauses.push('lower(c.email) = lower(?)');
    params.push(where.email.equals);
  }
  if (where.email?.contains != null) {
    clauses.push('instr(lower(c.email), lower(?)) > 0');
    params.push(where.email.contains);
  }
  const range = (column: string, name: string, r: DateRange | null | undefined) => {
    for (const [bound, op] of [
      ['from', '>='],
      ['to', '<='],
    ] as const) {
      const text = r?.[bound];
      if (text == null) continue;
      const d = parseTime(text);
      if (!d) throw new GraphQLError(`Argument "where.${name}.${bound}" is not a DateTimeTz: ${JSON.stringify(text)}.`);
      clauses.push(`${column} ${op} ?`);
      params.push(sqlTime(d));
    }
  };
  range('c.created_at', 'createdAt', where.createdAt);
  range('c.updated_at', 'updatedAt', where.updatedAt);
  return { clauses, params };
}
