/**
 * A customer's audit entries as the support timeline's lines: one line per action (its
 * `requested` and its outcome, which share a request id, are one line carrying the outcome), and
 * each run of `customer.view` entries with no action between them folded into one "viewed by"
 * line. Pure: the reading and paging are in query.ts.
 */

/** What grouping needs of an entry: cheap columns only, read for the whole history. */
export type LightEntry = {
  seq: number;
  time: string;
  requestId: string;
  action: string;
  outcome: string;
  actorType: string;
  actorEmail: string | null;
  actorRole: string | null;
};

export const VIEW_ACTION = 'customer.view';

export type Viewer = { email: string | null; role: string | null; count: number };

/** A line before its details are read: which entries it is made of. */
export type LineSkeleton =
  | { kind: 'action'; key: string; action: string; seqs: number[]; time: string; firstTime: string }
  | { kind: 'views'; key: string; action: typeof VIEW_ACTION; seqs: number[]; time: string; firstTime: string; viewers: Viewer[] };

/** Groups entries given newest first into lines, newest first. */
export function groupLines(newestFirst: Iterable<LightEntry>): LineSkeleton[] {
  const lines: LineSkeleton[] = [];
  const byRequest = new Map<string, LineSkeleton>();
  let run: Extract<LineSkeleton, { kind: 'views' }> | null = null;
  for (const e of newestFirst) {
    if (e.action === VIEW_ACTION) {
      if (!run) {
        run = { kind: 'views', key: `views-${e.seq}`, action: VIEW_ACTION, seqs: [], time: e.time, firstTime: e.time, viewers: [] };
        lines.push(run);
      }
      run.seqs.push(e.seq);
      run.firstTime = e.time;
      const viewer = run.viewers.find((v) => v.email === e.actorEmail && v.role === e.actorRole);
      if (viewer) viewer.count++;
      else run.viewers.push({ email: e.actorEmail, role: e.actorRole, count: 1 });
      continue;
    }
    // Any other entry ends the run of views above it (newer), whether it opens a line or joins one.
    run = null;
    const key = `${e.requestId}|${e.action}`;
    const line = byRequest.get(key);
    if (line) {
      line.seqs.push(e.seq);
      line.firstTime = e.time;
    } else {
      const fresh: LineSkeleton = { kind: 'action', key, action: e.action, seqs: [e.seq], time: e.time, firstTime: e.time };
      byRequest.set(key, fresh);
      lines.push(fresh);
    }
  }
  return lines;
}

/** One full entry, as the details of a line are read (JSON columns parsed). */
export type FullEntry = LightEntry & {
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  request: unknown;
  before: unknown;
  after: unknown;
  error: unknown;
  upstreamRef: string | null;
};

/** `unknown`: a `requested` entry that no outcome followed (a crash; reconciliation settles it). */
export type LineOutcome = 'succeeded' | 'failed' | 'denied' | 'unknown';

export type TimelineLine = {
  /** Stable per line: the request id and action, or `views-<newest seq>`. */
  id: string;
  kind: 'action' | 'views';
  action: string;
  /** The newest entry's time, and the oldest's (a views run spans them). */
  time: string;
  firstTime: string;
  outcome: LineOutcome;
  actor: { type: string; id: string | null; email: string | null; role: string | null } | null;
  target: { type: string; id: string | null } | null;
  request: unknown;
  before: unknown;
  after: unknown;
  error: unknown;
  upstreamRef: string | null;
  /** The audit entries the line stands for (their seq), newest first. */
  seqs: number[];
  /** Views only: who looked, and how often, in this run. */
  viewers?: Viewer[];
};

const RANK: Record<string, number> = { succeeded: 3, failed: 3, denied: 3, requested: 1 };

/** A line with its details (views lines need none): the outcome entry decides outcome, after and error; `before` is the requested entry's. */
export function completeLine(skeleton: LineSkeleton, entries: FullEntry[]): TimelineLine {
  if (skeleton.kind === 'views') {
    return {
      id: skeleton.key,
      kind: 'views',
      action: VIEW_ACTION,
      time: skeleton.time,
      firstTime: skeleton.firstTime,
      outcome: 'succeeded',
      actor: null,
      target: null,
      request: null,
      before: null,
      after: null,
      error: null,
      upstreamRef: null,
      seqs: skeleton.seqs,
      viewers: skeleton.viewers,
    };
  }
  const sorted = [...entries].sort((a, b) => b.seq - a.seq);
  // The newest settled entry wins (a reconciliation after a crash comes last).
  const final = sorted.find((e) => (RANK[e.outcome] ?? 0) > 1) ?? sorted[0]!;
  const requested = sorted.find((e) => e.outcome === 'requested');
  const origin = sorted[sorted.length - 1]!;
  const outcome: LineOutcome = final.outcome === 'requested' ? 'unknown' : (final.outcome as LineOutcome);
  return {
    id: skeleton.key,
    kind: 'action',
    action: skeleton.action,
    time: skeleton.time,
    firstTime: skeleton.firstTime,
    outcome,
    // Who asked, not "system" settling it after a crash.
    actor: { type: origin.actorType, id: origin.actorId, email: origin.actorEmail, role: origin.actorRole },
    target: final.targetType ? { type: final.targetType, id: final.targetId } : null,
    request: origin.request ?? final.request,
    before: requested?.before ?? final.before,
    after: final.after,
    error: final.error,
    upstreamRef: final.upstreamRef,
    seqs: skeleton.seqs,
  };
}
