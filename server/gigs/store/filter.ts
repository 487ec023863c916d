import { and, eq, inArray, type Column, type SQL } from 'drizzle-orm';
import type { SessionFilter } from './types.ts';

type FilteredColumns = Record<'staffEmail' | 'customerId' | 'subscriptionId' | 'intent' | 'outcome' | 'id', Column>;

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

/** The list's filter as one condition, on either engine's connect_sessions (the same columns by name). */
export function sessionConditions(t: FilteredColumns, f: SessionFilter): SQL | undefined {
  const where: SQL[] = [];
  if (f.staffEmail) where.push(eq(t.staffEmail, f.staffEmail.trim().toLowerCase()));
  if (f.customerId) where.push(eq(t.customerId, f.customerId));
  if (f.subscriptionId) where.push(eq(t.subscriptionId, f.subscriptionId));
  if (f.intent) where.push(inArray(t.intent, list(f.intent)));
  if (f.outcome) where.push(inArray(t.outcome, list(f.outcome)));
  if (f.id) where.push(inArray(t.id, list(f.id)));
  return where.length ? and(...where) : undefined;
}
