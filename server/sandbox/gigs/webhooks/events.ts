import { newId } from '../ids.ts';
import { GIGS_SANDBOX_PROJECT } from '../index.ts';

/** What a change in the emulator emits: the type without its `com.gigs.` prefix, the object now and (on *.updated) before. */
export type EventDraft = { type: string; data: unknown; previousData?: unknown };

/** Gigs' event envelope (docs/upstreams.md, "Webhooks"); `version` is the newest the docs name. */
export type GigsEventDoc = {
  object: 'event';
  id: string;
  type: string;
  data: unknown;
  previousData?: unknown;
  project: string;
  source: 'https://api.gigs.com';
  specversion: '1.0';
  datacontenttype: 'application/json';
  time: string;
  version: string;
};

export function eventOf(draft: EventDraft, nowMs: number): GigsEventDoc {
  return {
    object: 'event',
    id: newId('evt'),
    type: `com.gigs.${draft.type}`,
    data: draft.data,
    ...(draft.previousData === undefined ? {} : { previousData: draft.previousData }),
    project: GIGS_SANDBOX_PROJECT,
    source: 'https://api.gigs.com',
    specversion: '1.0',
    datacontenttype: 'application/json',
    time: new Date(nowMs).toISOString(),
    version: '2025-05-22',
  };
}
