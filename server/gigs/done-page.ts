import type { CallbackPage } from './callback.ts';

/**
 * The page a customer lands on after Connect. Plain HTML with a style sheet in the page (the CSP
 * allows inline styles, not scripts): no script, no staff UI, nothing about the customer.
 */
const TEXT: Record<CallbackPage, { title: string; body: string }> = {
  completed: { title: 'All done, thank you!', body: 'Your request went through. You can close this window now.' },
  abandoned: {
    title: 'No changes were made',
    body: 'You left before confirming, so nothing has changed. If you still want to go ahead, ask us for a new link.',
  },
  failed: { title: 'That did not work', body: 'Your request could not be completed and nothing has changed. Please contact us and we will help you.' },
  confirming: { title: 'Thank you!', body: 'We are confirming your request. You can close this window now; we will be in touch if anything is missing.' },
  unknown: { title: 'Thank you', body: 'There is nothing more to do on this page. If you were in the middle of something, please contact us for a new link.' },
};

export function donePage(kind: CallbackPage): string {
  const t = TEXT[kind];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${t.title}</title>
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #f5f6f8; color: #1b1b1f; margin: 0; }
  main { max-width: 32rem; margin: 12vh auto; background: #fff; border-radius: 12px; padding: 2rem 2.25rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  h1 { font-size: 1.5rem; margin: 0 0 .75rem; }
  p { line-height: 1.5; margin: 0; }
  .mark { font-size: 2rem; margin-bottom: .5rem; }
</style>
</head>
<body>
<main>
<div class="mark" aria-hidden="true">${kind === 'completed' ? '&#10003;' : kind === 'failed' ? '!' : '&#8226;'}</div>
<h1>${t.title}</h1>
<p>${t.body}</p>
</main>
</body>
</html>`;
}
