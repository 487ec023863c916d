/** Display helpers for the plans pages (the server already sends units and prices in words). */
export const count = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toLocaleString('en-US'));

export const percent = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `${Math.round(n * 10) / 10}%`);

const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** "21 Nov 2026, 06:40 UTC". */
export const utcTime = (iso: string) => `${timeFormat.format(new Date(iso))} UTC`;

/** A JSON query parameter as ra-data-simple-rest sends it. */
export const jsonParam = (v: unknown) => encodeURIComponent(JSON.stringify(v));
