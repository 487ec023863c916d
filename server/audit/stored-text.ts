/**
 * What the audit log keeps of text a client chose (a request path, a user agent): enough to
 * recognise it, never the ~16 KB a request line may carry, since every stored byte stays forever.
 */
export const STORED_PATH_MAX = 256;
export const STORED_USER_AGENT_MAX = 256;

/** The text cut to `max` characters, marked with `…[+N]` (how many were left out) when cut. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  // Room for the longest marker (`…[+` and up to ten digits and `]`), so the result never passes max.
  const kept = Math.max(0, max - 16);
  return `${text.slice(0, kept)}…[+${text.length - kept}]`;
}

export const storedPath = (path: string) => cutText(path, STORED_PATH_MAX);
export const storedUserAgent = (userAgent: string) => cutText(userAgent, STORED_USER_AGENT_MAX);
