import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Webhook } from 'standardwebhooks';
import Database from 'better-sqlite3';
import { startProduct, type RunningProduct } from '../../bench/lib/product.ts';
import { integrity, login, sleep, waitFor, waitForCrawl, withDb } from './lib/product-checks.ts';
import { ensureSpaBuilt } from './lib/workload.ts';
import { recordResults } from './lib/results.ts';
import { gigsFactsOf } from '../../server/customers/index/facts.ts';
import { emailKey } from '../../server/customers/normalise.ts';
import type { GigsFacts } from '../../server/customers/types.ts';

/**
 * The Gigs change feed under abuse, against the started product (sandbox mode, the sandbox
 * delivering to subdesk with GIGS_WEBHOOK_SECRET):
 * - forged, unsigned, stale-timestamped and replayed deliveries, and stale events: refused or
 *   no-ops, nothing applied twice;
 * - SIGKILL during a burst of 5,000 deliveries, three times: every delivery answered 2xx is
 *   applied after the restart, and each person ends at what Gigs has, or at the newest name stored
 *   for them: never an older one. Each delivery's change is made in the Gigs sandbox first, as
 *   Gigs makes a change before it sends its event: the index is reconciled with Gigs (the crawl
 *   after a restart reads it), so an event Gigs never made would rightly be undone;
 * - the sandbox's own deliveries duplicated and shuffled while people are renamed, moved to another
 *   e-mail and erased: the index converges to exactly what Gigs has.
 */
const PORT = Number(process.env.RELIABILITY_FEEDS_PORT ?? 3841);
const SECRET = `whsec_${Buffer.from('the reliability suite endpoint secret').toString('base64')}`;
const signer = new Webhook(SECRET);
let dir: string;
let product: RunningProduct | undefined;

const start = () =>
  startProduct({ port: PORT, dataDir: dir, env: { SANDBOX_CUSTOMERS: '2000', SYNC_INTERVAL_SECONDS: '0', LOG_LEVEL: 'error', GIGS_WEBHOOK_SECRET: SECRET } });

beforeAll(async () => {
  ensureSpaBuilt();
  dir = mkdtempSync(join(tmpdir(), 'subdesk-feeds-'));
  product = await start();
  await waitForCrawl(product);
}, 300_000);
afterAll(async () => {
  await product?.stop('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

type User = { id: string; email: string; fullName: string | null };
const users = (limit: number, offset = 0) =>
  withDb(
    dir,
    (db) => db.prepare("SELECT doc FROM gigs_users WHERE json_extract(doc, '$.status') = 'active' ORDER BY seq LIMIT ? OFFSET ?").pluck().all(limit, offset),
    'sandbox.db',
  ).map((d) => JSON.parse(d as string) as User);
const sandboxKey = () => withDb(dir, (db) => db.prepare("SELECT value FROM sandbox_meta WHERE key = 'gigsApiKey'").pluck().get(), 'sandbox.db') as string;
const inbox = () =>
  withDb(dir, (db) => db.prepare('SELECT delivery_id AS id, outcome, attempts FROM feed_inbox').all()) as {
    id: string;
    outcome: string | null;
    attempts: number;
  }[];
const factsOf = (email: string) =>
  withDb(dir, (db) => db.prepare('SELECT gigs FROM customers WHERE email_key = ?').pluck().get(emailKey(email))) as string | null | undefined;

function headersFor(id: string, body: string, at = new Date(), key: Webhook = signer) {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': key.sign(id, at, body),
  };
}
const userEvent = (u: User, fullName: string, time: Date) =>
  JSON.stringify({
    object: 'event',
    id: `evt_${Math.random()}`,
    type: 'com.gigs.user.updated',
    time: time.toISOString(),
    data: { object: 'user', id: u.id, email: u.email, fullName, status: 'active' },
  });
const post = (body: string, headers: Record<string, string>) => fetch(`${product!.url}/webhooks/gigs`, { method: 'POST', body, headers });

async function backlogEmpty() {
  const cookie = await login(product!, 'admin');
  await waitFor(
    'the feed backlog to empty',
    async () => {
      const s = (await (await fetch(`${product!.url}/api/status`, { headers: { cookie } })).json()) as { feeds: { backlog: number }[] };
      return s.feeds[0]!.backlog === 0;
    },
    180_000,
    100,
  );
}

describe('feeds', () => {
  it('forged, unsigned, stale and replayed deliveries are refused or no-ops; nothing is applied twice', async () => {
    const [a, b] = users(2);
    const foreign = new Webhook(`whsec_${Buffer.from('someone else entirely').toString('base64')}`);
    const body = userEvent(a!, 'Genuine Person', new Date());
    const refusals = [
      await post(body, headersFor('msg_forged', body, new Date(), foreign)),
      await post(body, { 'content-type': 'application/json' }),
      await post(body, headersFor('msg_old', body, new Date(Date.now() - 6 * 60_000))),
      await post(body, headersFor('msg_future', body, new Date(Date.now() + 6 * 60_000))),
      await post(body.replace('Genuine', 'Forged'), headersFor('msg_tampered', body)),
    ].map((r) => r.status);
    expect(refusals).toEqual([401, 401, 401, 401, 401]);
    // The genuine one, then replayed five times (re-signed, as Gigs' retries are).
    const replays = await Promise.all(Array.from({ length: 6 }, () => post(body, headersFor('msg_genuine', body))));
    expect(replays.map((r) => r.status)).toEqual([204, 204, 204, 204, 204, 204]);
    // A stale event about b: newer first, the older one after.
    const newer = userEvent(b!, 'Newer Name', new Date(Date.now() + 1000));
    const older = userEvent(b!, 'Older Name', new Date(Date.now() - 1000));
    expect((await post(newer, headersFor('msg_newer', newer))).status).toBe(204);
    await backlogEmpty();
    expect((await post(older, headersFor('msg_older', older))).status).toBe(204);
    await backlogEmpty();
    const rows = inbox();
    expect(rows.map((r) => r.id).sort()).toEqual(['msg_genuine', 'msg_newer', 'msg_older']);
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.outcome, r.attempts]]))).toEqual({
      msg_genuine: ['applied', 1],
      msg_newer: ['applied', 1],
      msg_older: ['stale', 1],
    });
    expect((JSON.parse(factsOf(a!.email)!) as GigsFacts).n).toBe('Genuine Person');
    expect((JSON.parse(factsOf(b!.email)!) as GigsFacts).n).toBe('Newer Name');
    recordResults('feeds.refusals', { refused: refusals.length, replays: replays.length, storedOnce: true, staleNoOp: true });
  });

  it('SIGKILL during a burst of 5,000 deliveries, three times: every delivery answered 2xx is applied after the restart', async () => {
    const people = users(1500, 10);
    // Gigs' side of each delivery, written in the sandbox's database (its routes die with the
    // product at each kill). Not durable on purpose: only subdesk is killed, the OS keeps these.
    const gigs = new Database(join(dir, 'sandbox.db'));
    gigs.pragma('busy_timeout = 5000');
    gigs.pragma('synchronous = OFF');
    const rename = gigs.prepare("UPDATE gigs_users SET doc = json_set(doc, '$.fullName', ?) WHERE id = ?");
    const base = Date.now() + 10_000;
    const figures: Record<string, number>[] = [];
    for (let run = 0; run < 3; run++) {
      const sent: { id: string; user: User; name: string; time: number; status: number | 'no answer' }[] = [];
      let next = 0;
      const killAt = 300 + Math.floor(Math.random() * 1500);
      const killer = sleep(killAt).then(() => product!.child.kill('SIGKILL'));
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          while (next < 5000) {
            const i = next++;
            const user = people[i % people.length]!;
            const time = base + run * 10_000 + i;
            const name = `Burst${run} Person${i}`;
            const id = `msg_kill_${run}_${i}`;
            const body = userEvent(user, name, new Date(time));
            rename.run(name, user.id);
            let status: number | 'no answer';
            try {
              status = (await post(body, headersFor(id, body))).status;
            } catch {
              status = 'no answer';
            }
            sent.push({ id, user, name, time, status });
            if (status === 'no answer') return;
          }
        }),
      );
      await killer;
      await product!.stop('SIGKILL');
      expect(integrity(dir)).toBe('ok');
      product = await start();
      await backlogEmpty();
      const stored = new Map(inbox().map((r) => [r.id, r]));
      const acked = sent.filter((s) => s.status === 204);
      const lost = acked.filter((s) => !stored.get(s.id)?.outcome);
      expect(lost).toEqual([]);
      // Each person ends at the newest name stored for them (answered or not: a delivery may be
      // stored and the kill land before its answer), or at a newer one Gigs has, when the crawl
      // after the restart read them after a change whose delivery the kill cut off: never older.
      const newestStored = new Map<string, number>();
      for (const s of sent) if (stored.has(s.id)) newestStored.set(s.user.id, Math.max(newestStored.get(s.user.id) ?? -1, s.time));
      const wrong = [...newestStored].flatMap(([userId, since]) => {
        const have = (JSON.parse(factsOf(people.find((p) => p.id === userId)!.email)!) as GigsFacts).n;
        return sent.some((s) => s.user.id === userId && s.time >= since && s.name === have) ? [] : [{ userId, have }];
      });
      expect(wrong).toEqual([]);
      figures.push({ killedAfterMs: killAt, sent: sent.length, acknowledged: acked.length, lost: lost.length, wrongName: wrong.length });
    }
    gigs.close();
    recordResults('feeds.crash', { runs: figures });
  });

  it("the sandbox's deliveries duplicated and shuffled converge to what Gigs has", async () => {
    const key = sandboxKey();
    const control = (method: string, path: string, body?: unknown) =>
      fetch(`${product!.url}/sandbox/gigs${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }).then(async (r) => {
        if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
      });
    await control('PUT', '/_sandbox/webhooks/faults', { shuffleMs: 300, duplicate: 0.5 });
    const people = users(120, 1600);
    const touched = new Set<string>();
    const moved: string[] = [];
    const erased: User[] = [];
    for (let i = 0; i < people.length; i++) {
      const u = people[i]!;
      touched.add(u.id);
      await control('PATCH', `/_sandbox/users/${u.id}`, { fullName: `Converge First${i}` });
      if (i % 10 === 0) await control('DELETE', `/_sandbox/users/${u.id}`).then(() => erased.push(u));
      else if (i % 7 === 0) {
        await control('PATCH', `/_sandbox/users/${u.id}`, { email: `moved.${i}@feeds.example` });
        moved.push(u.email);
      } else await control('PATCH', `/_sandbox/users/${u.id}`, { fullName: `Converge Second${i}` });
    }
    await control('PUT', '/_sandbox/webhooks/faults', {});
    await sleep(1000);
    await backlogEmpty();
    const api = async (path: string) =>
      (await fetch(`${product!.url}/sandbox/gigs/projects/subdesk-sandbox${path}`, { headers: { authorization: `Bearer ${key}` } })).json();
    const differ: string[] = [];
    for (const u of people) {
      const live = await fetch(`${product!.url}/sandbox/gigs/projects/subdesk-sandbox/users/${u.id}`, { headers: { authorization: `Bearer ${key}` } });
      if (live.status === 404) {
        if (factsOf(u.email)) differ.push(`${u.id} erased but still has Gigs facts`);
        continue;
      }
      const user = (await live.json()) as User;
      const subs = ((await api(`/subscriptions?user=${u.id}&limit=200`)) as { items: never[] }).items;
      const want = gigsFactsOf(user, subs);
      const have = factsOf(user.email);
      if (!isDeepStrictEqual(have ? JSON.parse(have) : null, want)) differ.push(`${u.id}: index ${have} vs Gigs ${JSON.stringify(want)}`);
      if (user.email !== u.email && factsOf(u.email)) differ.push(`${u.id}: the old e-mail still has Gigs facts`);
    }
    expect(differ).toEqual([]);
    const twice = withDb(dir, (db) =>
      db.prepare('SELECT count(*) FROM (SELECT delivery_id FROM feed_inbox GROUP BY feed, delivery_id HAVING count(*) > 1)').pluck().get(),
    );
    expect(twice).toBe(0);
    recordResults('feeds.converge', {
      people: people.length,
      renamed: people.length - erased.length - moved.length,
      moved: moved.length,
      erased: erased.length,
      differing: differ.length,
    });
  });
});
