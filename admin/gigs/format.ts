/** Validity in words: {value: 1, unit: 'month', type: 'recurring'} → "renews every month". */
export function formatValidity(v: { value?: number | null; unit?: string | null; type?: string | null } | null | undefined): string {
  if (!v || !v.unit) return '';
  const n = v.value ?? 1;
  const span = n === 1 ? v.unit : `${n} ${v.unit}s`;
  if (v.type === 'recurring') return `renews every ${span}`;
  if (v.type === 'oneTime') return `one-time, valid ${n === 1 ? `1 ${v.unit}` : span}`;
  return `valid ${n === 1 ? `1 ${v.unit}` : span}`;
}
