import { z } from 'zod';
import type { HttpClient } from './http.ts';
import { UpstreamError } from './errors.ts';
import { IntrospectionRefused, named, REFUSED, SchemaReader, typeText, type Want } from './graphql-schema.ts';
import { WANTED as CONTRACT_WANTED } from './centra-integration.ts';

/**
 * Centra's Events system (docs/upstreams.md, "The Events system"): listeners registered per
 * object type, `events` answering the oldest unconfirmed ones with each object's current state,
 * `confirmEvents` taking them off the queue. The operations' names are documented; their
 * argument and payload types are not all, so they are read from the schema first (as the
 * contract listing is), the object's fields selected by what each type has, and the payloads of
 * the two mutations read only as `__typename` (which every object type answers). An environment
 * without events, or a token without Event:read/Event:write, is said in plain words.
 */

/** The object types subdesk listens to, as Centra's EventObjectType names them. */
export const LISTENED = ['Customer', 'SubscriptionContract', 'Subscription'] as const;
export type ListenedType = (typeof LISTENED)[number];

export type EventsPlan =
  | {
      available: true;
      pollQuery: string;
      listenMutation: string;
      confirmMutation: string;
      /** The confirmation input's field for the ids (`eventsIds` as documented). */
      idsField: string;
      /** 0 when `events` takes no limit. */
      pageSize: number;
      listened: ListenedType[];
      notes: string[];
    }
  | { available: false; reason: string };

const CUSTOMER_WANTED: Want = { id: true, email: true, firstName: true, lastName: true, phoneNumber: true };
const SUBSCRIPTION_WANTED: Want = { id: true, contract: CONTRACT_WANTED };
/** Centra answers at most 200 events per call (documented). */
const EVENTS_PAGE = 200;

const eventRow = z.object({
  id: z.union([z.number(), z.string()]),
  objectType: z.string(),
  changeType: z.string(),
  objectReference: z.union([z.string(), z.number()]).transform(String),
  createdAt: z.string().nullish(),
  object: z.record(z.string(), z.unknown()).nullish(),
});
export type CentraEvent = z.infer<typeof eventRow>;
const eventsData = z.object({ events: z.array(eventRow) });

const unavailable = (reason: string): EventsPlan => ({ available: false, reason });

export class CentraEventsClient {
  private readonly schema: SchemaReader;

  constructor(
    http: HttpClient,
    private readonly path: string,
  ) {
    this.schema = new SchemaReader(http, path);
  }

  /** Reads what the schema offers and builds the three operations; or says why events cannot be used. */
  async plan(): Promise<EventsPlan> {
    try {
      return await this.discover();
    } catch (err) {
      if (err instanceof IntrospectionRefused) return unavailable(`Centra's Integration API refused to describe its schema (${err.message})`);
      if (err instanceof UpstreamError && err.kind === 'http' && (err.details.status === 401 || err.details.status === 403)) {
        return unavailable(`Centra refused the Integration API token (HTTP ${err.details.status}); check CENTRA_INTEGRATION_API_TOKEN`);
      }
      throw err;
    }
  }

  private async discover(): Promise<EventsPlan> {
    const roots = await this.schema.roots();
    const rootTypes = await this.schema.types([roots.query, roots.mutation ?? '']);
    const events = rootTypes.get(roots.query)?.fields?.find((f) => f.name === 'events');
    const mutations = new Map((rootTypes.get(roots.mutation ?? '')?.fields ?? []).map((f) => [f.name, f]));
    const set = mutations.get('setEventListeners');
    const confirm = mutations.get('confirmEvents');
    if (!events || !set || !confirm) {
      const missing = [!events && 'events', !set && 'setEventListeners', !confirm && 'confirmEvents'].filter(Boolean).join(', ');
      return unavailable(
        `Centra's Integration API offers no ${missing} for this token: the Events system is not enabled in this environment (Centra enables it on request), or the token lacks Event:read and Event:write`,
      );
    }
    const eventType = named(events.type).name;
    const setInput = set.args?.find((a) => a.name === 'input');
    const confirmInput = confirm.args?.find((a) => a.name === 'input');
    if (!setInput || !confirmInput)
      return unavailable("Centra's setEventListeners or confirmEvents takes no `input` argument, so subdesk cannot call it as documented");
    const level = await this.schema.types([eventType, named(setInput.type).name, named(confirmInput.type).name]);
    const listenerInput = level.get(named(setInput.type).name);
    const objectTypeField = listenerInput?.inputFields?.find((f) => f.name === 'objectType');
    const confirmFields = level.get(named(confirmInput.type).name)?.inputFields ?? [];
    const idsField = confirmFields.find((f) => f.name === 'eventsIds') ?? confirmFields.find((f) => /ids$/i.test(f.name));
    if (!objectTypeField || !idsField) return unavailable("Centra's event listener or confirmation input lacks objectType or eventsIds");
    const objectTypes =
      (await this.schema.types([named(objectTypeField.type).name])).get(named(objectTypeField.type).name)?.enumValues?.map((v) => v.name) ?? [];
    const listened = LISTENED.filter((t) => objectTypes.includes(t));
    if (!listened.length) return unavailable(`Centra's event object types (${objectTypes.join(', ') || 'none'}) include none subdesk listens to`);

    // The event itself, and its object: an inline fragment per listened type the union has.
    const notes: string[] = listened.length < LISTENED.length ? [`no events for ${LISTENED.filter((t) => !listened.includes(t)).join(', ')}`] : [];
    const event = level.get(eventType);
    const eventFields = new Set((event?.fields ?? []).map((f) => f.name));
    const missing = ['id', 'objectType', 'changeType', 'objectReference'].filter((f) => !eventFields.has(f));
    if (missing.length) return unavailable(`Centra's ${eventType} type lacks ${missing.join(', ')}`);
    const objectField = event!.fields!.find((f) => f.name === 'object');
    let objectSelection = '';
    if (objectField) {
      const union = (await this.schema.types([named(objectField.type).name])).get(named(objectField.type).name);
      const possible = new Set((union?.possibleTypes ?? [{ name: union?.name ?? '' }]).map((p) => p.name));
      const fragments: string[] = [];
      for (const [type, want] of [
        ['Customer', CUSTOMER_WANTED],
        ['SubscriptionContract', CONTRACT_WANTED],
        ['Subscription', SUBSCRIPTION_WANTED],
      ] as const) {
        if (!possible.has(type)) continue;
        const sel = await this.schema.select(type, want, new Map(), notes);
        fragments.push(`... on ${type} ${sel.text}`);
      }
      objectSelection = ` object { __typename ${fragments.join(' ')} }`;
    } else notes.push(`no ${eventType}.object: each changed object is read from Centra`);
    const limitArg = events.args?.find((a) => a.name === 'limit');
    const pollQuery = `query SubdeskEvents${limitArg ? `($limit: ${typeText(limitArg.type)})` : ''} {
  events${limitArg ? '(limit: $limit)' : ''} { id objectType changeType objectReference${eventFields.has('createdAt') ? ' createdAt' : ''}${objectSelection} }
}`;
    const listenMutation = `mutation SubdeskListen($input: ${typeText(setInput.type)}) { setEventListeners(input: $input) { __typename } }`;
    const confirmMutation = `mutation SubdeskConfirm($input: ${typeText(confirmInput.type)}) { confirmEvents(input: $input) { __typename } }`;
    const plan: EventsPlan = {
      available: true,
      pollQuery,
      listenMutation,
      confirmMutation,
      idsField: idsField.name,
      pageSize: limitArg ? EVENTS_PAGE : 0,
      listened,
      notes,
    };
    // Registering is additive and idempotent: it is also the trial that the token may write.
    const listen = await this.schema.ask(listenMutation, { input: listened.map((objectType) => ({ objectType })) });
    if (listen.errors?.length) {
      const message = listen.errors.map((e) => e.message ?? 'unknown error').join('; ');
      return unavailable(REFUSED.test(message) ? `Centra refused to register event listeners: ${message}` : `Centra's setEventListeners failed: ${message}`);
    }
    return plan;
  }

  /** The oldest unconfirmed events (at most a page). */
  async poll(plan: Extract<EventsPlan, { available: true }>): Promise<CentraEvent[]> {
    const answer = await this.schema.ask(plan.pollQuery, plan.pageSize ? { limit: plan.pageSize } : {});
    if (answer.errors?.length || !answer.data)
      throw refused('events', answer.errors?.map((e) => e.message ?? 'unknown error').join('; ') || 'no data', this.path);
    const parsed = eventsData.safeParse(answer.data);
    if (!parsed.success)
      throw new UpstreamError(
        'centra',
        'malformed',
        `Centra sent events subdesk does not understand (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message})`,
        { status: 200, method: 'POST', path: this.path },
      );
    return parsed.data.events;
  }

  /** Takes events off Centra's queue: only once what they say is applied durably. */
  async confirm(plan: Extract<EventsPlan, { available: true }>, ids: (string | number)[]): Promise<void> {
    if (!ids.length) return;
    const answer = await this.schema.ask(plan.confirmMutation, {
      input: { [plan.idsField]: ids.map((id) => (typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id)) },
    });
    if (answer.errors?.length) throw refused('confirmEvents', answer.errors.map((e) => e.message ?? 'unknown error').join('; '), this.path);
  }
}

function refused(operation: string, message: string, path: string) {
  return new UpstreamError('centra', 'http', `Centra's ${operation} failed: ${message}`, {
    status: 200,
    method: 'POST',
    path,
    fieldErrors: { graphql: message },
  });
}
