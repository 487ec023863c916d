import { Hono } from 'hono';
import type { AppEnv } from '../http/context.ts';
import { clientIp } from '../http/audit-context.ts';
import { handleCallback, parseCallbackQuery, type CallbackPage } from '../gigs/callback.ts';
import { donePage } from '../gigs/done-page.ts';

const STATUS: Record<CallbackPage, 200 | 400 | 404> = { completed: 200, abandoned: 200, failed: 200, confirming: 200, unknown: 404 };

/**
 * GET /connect/done: where Connect sends the customer back (CONNECT_CALLBACK_URL). Public (the
 * customer has no subdesk session), mounted outside /api. Always a small friendly page; bad or
 * unknown input gets the same neutral one.
 */
export const connectCallbackRoutes = new Hono<AppEnv>().get('/connect/done', async (c) => {
  c.header('Cache-Control', 'no-store');
  const parsed = parseCallbackQuery({ session_id: c.req.query('session_id'), status: c.req.query('status') });
  if (!parsed) return c.html(donePage('unknown'), 400);
  const deps = c.get('deps');
  const origin = { requestId: c.get('requestId'), ip: clientIp(c), userAgent: c.req.header('user-agent') ?? null };
  const page = await handleCallback(deps, origin, parsed.sessionId, parsed.status);
  return c.html(donePage(page), STATUS[page]);
});
