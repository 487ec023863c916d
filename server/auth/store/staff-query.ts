import { and, asc, desc, eq, inArray, like, notInArray, type Column, type SQL } from 'drizzle-orm';
import type { StaffQuery } from './types.ts';

/** `text` as a LIKE pattern matches it literally (backslash is the escape on both engines). */
export const escapeLike = (text: string) => text.replace(/[%_\\]/g, (m) => `\\${m}`);

type StaffColumns = { id: Column; email: Column; role: Column; disabled: Column; lastSeenAt: Column; createdAt: Column };

/** The staff page's filters as a WHERE over either engine's staff table (undefined: every member). */
export function staffQueryWhere(t: StaffColumns, q: StaffQuery): SQL | undefined {
  const where: SQL[] = [];
  if (q.emailContains) where.push(like(t.email, `%${escapeLike(q.emailContains)}%`));
  if (q.role) where.push(eq(t.role, q.role));
  if (q.disabled !== undefined) where.push(eq(t.disabled, q.disabled));
  if (q.ids) where.push(inArray(t.id, q.ids.length ? q.ids : [-1]));
  if (q.notIds?.length) where.push(notInArray(t.id, q.notIds));
  return where.length ? and(...where) : undefined;
}

/** The staff page's order over either engine's staff table: the chosen column, then the id. */
export function staffQueryOrder(t: StaffColumns, sort: StaffQuery['sort']): SQL[] {
  const column = t[sort.field];
  return [sort.order === 'DESC' ? desc(column) : asc(column), asc(t.id)];
}
