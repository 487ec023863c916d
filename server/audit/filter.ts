import { z } from 'zod';

import { AUDIT_OUTCOMES } from '../vocabulary/outcomes.ts';

const text = (max = 200) => z.string().trim().min(1).max(max);
/** `2026-05-01` or a full ISO time; a bare date on `time_lte` means the end of that day (UTC). */
const when = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'must be a date or an ISO time');

/**
 * The audit list/export filter (ra-data-simple-rest `filter=`). Unknown fields are refused, so a
 * typo cannot silently widen an export. `action` is exact, or a prefix written `centra.*`.
 */
export const auditFilter = z
  .object({
    id: z.union([z.coerce.number().int().min(1), z.array(z.coerce.number().int().min(1)).max(500)]).optional(),
    q: text().optional(),
    actorId: text().optional(),
    actorEmail: text(320).optional(),
    action: text().optional(),
    customerId: text().optional(),
    targetType: text().optional(),
    targetId: text().optional(),
    outcome: z.union([z.enum(AUDIT_OUTCOMES), z.array(z.enum(AUDIT_OUTCOMES)).min(1).max(4)]).optional(),
    requestId: text().optional(),
    time_gte: when.optional(),
    time_lte: when.optional(),
    pending: z.boolean().optional(),
  })
  .strict();

export type AuditFilter = z.infer<typeof auditFilter>;

/** Normalizes a bound to the stored form (`toISOString()`), so string comparison is time order. */
export function timeBound(v: string, end: 'gte' | 'lte'): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T${end === 'gte' ? '00:00:00.000' : '23:59:59.999'}Z`;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}
