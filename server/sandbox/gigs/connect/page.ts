import { Hono, type Context } from 'hono';
import { timingSafeEqual } from 'node:crypto';
import type { GigsCtx } from '../context.ts';
import type { ConnectSessionDoc } from '../docs.ts';
import { hashToken } from '../ids.ts';
import type { StoredSession } from '../store.ts';
import { applyIntent, CannotComplete, isOpen, sessionView } from './apply.ts';
import { describeIntent } from './describe.ts';
import { BUTTON, escapeHtml, page } from './html.ts';
import type { EventDraft } from '../webhooks/events.ts';

type Outcome = 'success' | 'aborted';

/**
 * The hosted Connect page a session's `url` opens: what the intent does, a "Complete" and an
 * "Abandon" button (plain POST forms back to this emulator), then a 303 to the callback URL
 * with `session_id` and `status` appended, as Connect does (docs/upstreams.md, "Connect Sessions").
 */
export function connectPageRoutes(ctx: GigsCtx) {
  const app = new Hono();

  app.get('/connect/sessions/:id', (c) => {
    const checked = check(c, ctx, c.req.param('id'), c.req.query('token'));
    if (checked instanceof Response) return checked;
    const { session, token } = checked;
    // The emulator's own status (see docs.ts): the agent's dialog shows that the customer is there.
    if (session.doc.status === 'pending') ctx.store.updateSession({ ...session.doc, status: 'opened' });
    const { summary, fields } = describeIntent(ctx.store, session.doc.intent, session.doc.user ? ctx.store.user(session.doc.user) : undefined);
    const user = session.doc.user ? ctx.store.user(session.doc.user) : undefined;
    const who = user?.email ?? session.userDetails?.email ?? '';
    const id = escapeHtml(session.doc.id);
    const tokenField = `<input type="hidden" name="token" value="${escapeHtml(token)}">`;
    return c.html(
      page(
        'Confirm in Connect',
        `<p>Signed in as <strong>${escapeHtml(who)}</strong>.</p>
<p>${summary}</p>
<form method="post" action="${id}/complete">${tokenField}${fields}<p><button type="submit" style="${BUTTON}; background: #1b1b1f; color: #fff">Complete</button></p></form>
<form method="post" action="${id}/abandon">${tokenField}<p><button type="submit" style="${BUTTON}; background: #fff">Abandon</button></p></form>`,
      ),
    );
  });

  app.post('/connect/sessions/:id/complete', async (c) => {
    const form = await c.req.parseBody();
    const checked = check(c, ctx, c.req.param('id'), str(form.token));
    if (checked instanceof Response) return checked;
    const applied: string[] = [];
    const events: EventDraft[] = [];
    let done: ConnectSessionDoc;
    try {
      done = ctx.store.db.transaction(() => {
        // Read again inside the transaction: a session completes once, even if clicked twice.
        const session = ctx.store.session(checked.session.doc.id)!;
        if (!isOpen(session.doc)) throw new CannotComplete('This link has already been used.');
        const address = {
          line1: str(form.line1),
          line2: str(form.line2),
          postalCode: str(form.postalCode),
          city: str(form.city),
          state: str(form.state),
          country: str(form.country),
        };
        const user = applyIntent(
          ctx,
          session,
          { plan: str(form.plan), userReason: str(form.userReason), fullName: str(form.fullName), address },
          applied,
          events,
        );
        const doc: ConnectSessionDoc = { ...session.doc, user: user.id, status: 'completed' };
        ctx.store.updateSession(doc);
        events.push({ type: 'connectSession.updated', data: doc, previousData: session.doc });
        return doc;
      })();
    } catch (err) {
      if (err instanceof CannotComplete) return c.html(page('This cannot be completed', `<p>${escapeHtml(err.message)}</p>`), 409);
      throw err;
    }
    for (const kind of applied) ctx.stats.count(kind);
    ctx.stats.count('connectSession.complete');
    ctx.emit(events);
    return finish(c, done, 'success');
  });

  app.post('/connect/sessions/:id/abandon', async (c) => {
    const form = await c.req.parseBody();
    const checked = check(c, ctx, c.req.param('id'), str(form.token));
    if (checked instanceof Response) return checked;
    const doc: ConnectSessionDoc = { ...checked.session.doc, status: 'abandoned' };
    ctx.store.updateSession(doc);
    ctx.stats.count('connectSession.abandon');
    ctx.emit([{ type: 'connectSession.updated', data: doc, previousData: checked.session.doc }]);
    return finish(c, doc, 'aborted');
  });

  return app;
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

/** The session behind a link, or the page saying why it cannot be used. */
function check(c: Context, ctx: GigsCtx, id: string, token: string | undefined): { session: StoredSession; token: string } | Response {
  const session = ctx.store.session(id);
  if (!session) return c.html(page('Link not found', '<p>This Connect link does not exist.</p>'), 404);
  if (!token || !sameHash(hashToken(token), session.tokenHash)) {
    return c.html(page('Link not valid', '<p>This Connect link is not valid. Ask for a new one.</p>'), 403);
  }
  const view = sessionView(session.doc, session.expiresAt, ctx.clock().getTime());
  if (view.status === 'expired') return c.html(page('Link expired', '<p>This Connect link has expired. Ask for a new one.</p>'), 403);
  if (!isOpen(view)) return c.html(page('Link already used', '<p>This Connect link has already been used.</p>'), 409);
  return { session, token };
}

function sameHash(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** 303 to the callback with session_id and status appended (existing query kept), or a done page. */
function finish(c: Context, session: ConnectSessionDoc, status: Outcome) {
  if (!session.callbackUrl) {
    return c.html(page(status === 'success' ? 'All done' : 'Cancelled', '<p>You can close this window now.</p>'));
  }
  const url = new URL(session.callbackUrl);
  url.searchParams.append('session_id', session.id);
  url.searchParams.append('status', status);
  return c.redirect(url.toString(), 303);
}
