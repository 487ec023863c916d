import { Hono } from 'hono';
import { z } from 'zod';
import type { GigsCtx } from '../context.ts';
import { readJson } from '../context.ts';
import type { UserDoc } from '../docs.ts';
import { notFound } from '../errors.ts';
import { iso } from '../ids.ts';
import { Embedder } from '../present.ts';
import { parseBody } from '../validation.ts';
import type { EventDraft } from '../webhooks/events.ts';
import type { GigsWebhookSender } from '../webhooks/sender.ts';

const endpointSchema = z.strictObject({ url: z.string().url(), secret: z.string().regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/) });
const faultsSchema = z.strictObject({
  shuffleMs: z.number().int().min(0).max(600_000).optional(),
  duplicate: z.number().min(0).max(1).optional(),
  paused: z.boolean().optional(),
});
const userChangeSchema = z.strictObject({ fullName: z.string().trim().min(1).nullable().optional(), email: z.string().trim().email().optional() });

/**
 * Test controls, not part of Gigs' API: what one does in the Gigs dashboard. Register the webhook
 * endpoint (URL and secret), switch delivery faults (shuffle, duplicate, pause), read delivery
 * counts, and change or erase a user as Gigs' support would (each change emits its events).
 */
export function webhookControlRoutes(ctx: GigsCtx, sender: GigsWebhookSender) {
  const app = new Hono();
  app.put('/_sandbox/webhooks/endpoint', async (c) => {
    const endpoint = parseBody(endpointSchema, await readJson(c));
    sender.register(endpoint);
    return c.json({ url: endpoint.url });
  });
  app.put('/_sandbox/webhooks/faults', async (c) => {
    sender.setFaults(parseBody(faultsSchema, await readJson(c)));
    return c.json({ ok: true });
  });
  app.get('/_sandbox/webhooks', (c) => c.json({ url: sender.registeredUrl, counts: sender.counts }));

  app.patch('/_sandbox/users/:id', async (c) => {
    const change = parseBody(userChangeSchema, await readJson(c));
    const before = ctx.store.user(c.req.param('id'));
    if (!before) throw notFound('user', c.req.param('id'));
    const after: UserDoc = {
      ...before,
      ...(change.fullName !== undefined ? { fullName: change.fullName } : {}),
      ...(change.email ? { email: change.email.toLowerCase() } : {}),
    };
    ctx.store.updateUser(after);
    ctx.stats.count('user.update');
    ctx.emit([{ type: 'user.updated', data: after, previousData: before }]);
    return c.json(after);
  });

  /** Erases the user; their live subscriptions end (cause userDeleted), as Gigs does. */
  app.delete('/_sandbox/users/:id', (c) => {
    const user = ctx.store.user(c.req.param('id'));
    if (!user) throw notFound('user', c.req.param('id'));
    const now = ctx.clock().getTime();
    const gone: UserDoc = { ...user, status: 'deleted' };
    const events: EventDraft[] = [];
    ctx.store.db.transaction(() => {
      const embed = new Embedder(ctx.store);
      for (const id of ctx.store.subscriptionIdsOfUser(user.id)) {
        const row = ctx.store.subscription(id)!;
        if (row.doc.status === 'ended') continue;
        const doc = {
          ...row.doc,
          status: 'ended' as const,
          endedAt: iso(now),
          canceledAt: row.doc.canceledAt ?? iso(now),
          currentPeriod: null,
          cancellationDetails: row.doc.cancellationDetails ?? { cause: 'userDeleted', userReason: null, userComment: null },
        };
        ctx.store.updateSubscription({ ...row, doc });
        events.push({ type: 'subscription.ended', data: { ...embed.subscription({ ...row, doc }), user: gone } });
      }
      ctx.store.deleteUser(user.id);
    })();
    ctx.stats.count('user.delete');
    ctx.emit([{ type: 'user.deleted', data: gone }, ...events]);
    return c.body(null, 204);
  });
  return app;
}
