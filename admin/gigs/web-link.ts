/**
 * The link as something safe to put in an href: an http(s) address, or null (a javascript: or
 * data: link would run in the staff member's session). The server already refuses such Connect
 * links (server/upstream/gigs.ts); this holds even if one ever got through.
 */
export function webLink(link: string): string | null {
  try {
    const { protocol } = new URL(link);
    return protocol === 'https:' || protocol === 'http:' ? link : null;
  } catch {
    return null;
  }
}
