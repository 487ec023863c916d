import { z } from 'zod';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { Delivery } from './store/types.ts';

/**
 * Gigs' event envelope (docs/upstreams.md, Gigs events): `{object: "event", id, type, data,
 * previousData (on *.updated), time, version, ...}`, read tolerantly: `data` is checked when the
 * event is applied, against the schema of its object.
 */
export const gigsEventSchema = z.looseObject({
  object: z.string().optional(),
  id: z.string().optional(),
  type: z.string().min(1),
  time: z.string().nullish(),
  data: z.unknown(),
  previousData: z.unknown().optional(),
});

export type GigsEvent = z.infer<typeof gigsEventSchema>;

/** Headers Gigs signs its deliveries with (Standard Webhooks, through Svix). */
export type SignedHeaders = { 'webhook-id'?: string; 'webhook-timestamp'?: string; 'webhook-signature'?: string };

export type Verified = { ok: true; delivery: Delivery } | { ok: false; reason: string };

/**
 * Checks a delivery as Gigs signs it, with the standardwebhooks package: HMAC-SHA256 over
 * `id.timestamp.body` with the endpoint secret, any one of the space-separated signatures (a
 * rotation sends several), the timestamp within 5 minutes of now. A signed body that is not an
 * event subdesk can read is still accepted (Gigs would retry it for days otherwise) and kept as
 * `unreadable`, for the applier to set aside.
 */
export class GigsWebhookVerifier {
  private readonly webhook: Webhook;

  constructor(secret: string) {
    this.webhook = new Webhook(secret);
  }

  verify(body: string, headers: SignedHeaders): Verified {
    const id = headers['webhook-id'];
    try {
      this.webhook.verify(
        body,
        { 'webhook-id': id ?? '', 'webhook-timestamp': headers['webhook-timestamp'] ?? '', 'webhook-signature': headers['webhook-signature'] ?? '' },
        { jsonParse: false },
      );
    } catch (err) {
      if (err instanceof WebhookVerificationError) return { ok: false, reason: err.message };
      return { ok: false, reason: 'the signature could not be checked' };
    }
    return { ok: true, delivery: deliveryOf(id!, body) };
  }
}

function deliveryOf(deliveryId: string, body: string): Delivery {
  let parsed: GigsEvent | null = null;
  try {
    const r = gigsEventSchema.safeParse(JSON.parse(body));
    parsed = r.success ? r.data : null;
  } catch {
    parsed = null;
  }
  if (!parsed) return { feed: 'gigs', deliveryId, eventType: 'unreadable', eventTime: null, objectId: null, body };
  const data = parsed.data as { id?: unknown } | null | undefined;
  const objectId = data && typeof data === 'object' && typeof data.id === 'string' ? data.id : null;
  const time = parsed.time && !Number.isNaN(Date.parse(parsed.time)) ? new Date(parsed.time).toISOString() : null;
  return { feed: 'gigs', deliveryId, eventType: parsed.type, eventTime: time, objectId, body };
}
