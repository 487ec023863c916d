const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });

/** How long ago, as people say it: "just now", "4 min. ago", "2 hr. ago", "yesterday". */
export function madeAgo(iso: string, now = Date.now()): string {
  const ms = now - new Date(iso).getTime();
  if (!Number.isFinite(ms)) return iso;
  for (const [unit, size] of UNITS) {
    if (Math.abs(ms) >= size) return relative.format(-Math.floor(ms / size), unit);
  }
  return 'just now';
}
