/** Plain HTML for the hosted Connect page: no scripts (subdesk's CSP forbids inline ones). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1f">
<p style="color: #6b6b76; font-size: 0.85rem">Gigs Connect &middot; sandbox</p>
<h1 style="font-size: 1.5rem">${escapeHtml(title)}</h1>
${body}
</body>
</html>`;
}

export const BUTTON = 'padding: 0.6rem 1.2rem; font-size: 1rem; border-radius: 6px; border: 1px solid #888; cursor: pointer';
