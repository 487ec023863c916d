import { Hono } from 'hono';
import type { GigsCtx } from '../context.ts';
import { readJson } from '../context.ts';
import type { ConnectSessionDoc } from '../docs.ts';
import { invalid, notFound } from '../errors.ts';
import { hashToken, iso, newId, newToken } from '../ids.ts';
import { rejectQuery } from '../list-query.ts';
import { validateCreateSession } from '../connect/intents.ts';
import { sessionView } from '../connect/apply.ts';

/** Invented: Gigs documents only a "limited lifetime" for sessions. */
export const SESSION_LIFETIME_MS = 60 * 60_000;
const MAX_IDEMPOTENCY_KEY = 255;

export function connectSessionsRoutes(ctx: GigsCtx) {
  const app = new Hono();

  /**
   * 201 with the session and its bearer `url`. An Idempotency-Key seen in the last 24 h replays
   * the first successful answer byte for byte (same id, same url), whatever the body says.
   */
  app.post('/connectSessions', async (c) => {
    rejectQuery(c);
    const key = c.req.header('idempotency-key');
    if (key !== undefined && (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY)) {
      throw invalid(`The Idempotency-Key header must be 1 to ${MAX_IDEMPOTENCY_KEY} characters long.`, 'invalidIdempotencyKey');
    }
    const body = await readJson(c);
    // From here on everything is synchronous: no other request can slip in between check and store.
    const nowMs = ctx.clock().getTime();
    if (key !== undefined) {
      const replay = ctx.store.idempotentAnswer(key, nowMs);
      if (replay) return c.body(replay.body, replay.status as 201, { 'content-type': 'application/json', 'idempotent-replayed': 'true' });
    }
    const input = validateCreateSession(ctx.store, body);
    const id = newId('csn');
    const token = newToken();
    const expiresAt = nowMs + SESSION_LIFETIME_MS;
    const doc: ConnectSessionDoc = {
      object: 'connectSession',
      id,
      ...(input.appearance ? { appearance: input.appearance } : {}),
      callbackUrl: input.callbackUrl,
      intent: input.intent,
      user: input.user?.id ?? null,
      status: 'pending',
      createdAt: iso(nowMs),
      expiresAt: iso(expiresAt),
    };
    const url = `${ctx.publicBaseUrl}/connect/sessions/${id}?token=${token}`;
    const { user, status, createdAt, expiresAt: exp, ...head } = doc;
    const answer = JSON.stringify({ ...head, url, user, status, createdAt, expiresAt: exp });
    ctx.store.db.transaction(() => {
      ctx.store.insertSession({ doc, tokenHash: hashToken(token), expiresAt, userDetails: input.userDetails }, nowMs);
      if (key !== undefined) ctx.store.rememberAnswer(key, nowMs, 201, answer);
    })();
    ctx.stats.count('connectSession.create');
    return c.body(answer, 201, { 'content-type': 'application/json' });
  });

  /** No `url` here: it is a bearer link shown once, on create. */
  app.get('/connectSessions/:id', (c) => {
    rejectQuery(c);
    const session = ctx.store.session(c.req.param('id'));
    if (!session) throw notFound('connectSession', c.req.param('id'));
    return c.json(sessionView(session.doc, session.expiresAt, ctx.clock().getTime()));
  });

  return app;
}
