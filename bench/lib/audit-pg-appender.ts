import { closePostgres, openPostgres } from '../../db/pg.ts';
import { loadOrCreateSigningKey } from '../../server/audit/signing.ts';
import { PgAuditLog } from '../../server/storage/pg/audit-append.ts';

/**
 * One subdesk instance's audit appends, as its own process (bench/audit-pg.ts starts one or two
 * at once): its own pool and PgAuditLog, signing with the key file every instance is given.
 * Each action appends what runAction (server/audit/action.ts) appends for an upstream write
 * answering at once: `requested`, committed, then `succeeded`, with `concurrency` actions in
 * flight. Appends start at `startAt` (epoch ms), so two instances start together.
 * argv: JSON {url, keyPath, name, actions, concurrency, startAt}; prints {entries, startedAt, endedAt, cpuMs} as JSON.
 */
type Args = { url: string; keyPath: string; name: string; actions: number; concurrency: number; startAt: number };

const args = JSON.parse(process.argv[2]!) as Args;
const db = openPostgres(args.url, { applicationName: `subdesk bench ${args.name}` });
const audit = new PgAuditLog(db, () => new Date(), { signer: loadOrCreateSigningKey(args.keyPath), checkpointEvery: 1000 });
const actor = { type: 'staff' as const, id: '1', email: 'staff1@example.com', role: 'support' as const };

// The pool's connections opened before the clock starts, as a running instance has them.
await Promise.all(Array.from({ length: 10 }, () => db.$client.query('SELECT 1')));
await new Promise((r) => setTimeout(r, Math.max(0, args.startAt - Date.now())));

let next = 0;
const startedAt = Date.now();
const cpuBefore = process.cpuUsage();
await Promise.all(
  Array.from({ length: args.concurrency }, async () => {
    while (next < args.actions) {
      const i = next++;
      const base = {
        requestId: `${args.name}-${i}`,
        actor,
        ip: '127.0.0.1',
        action: 'centra.subscription.status',
        target: { type: 'centra-subscription', id: String(i) },
        customerId: `cus_${i}`,
        request: { status: 'paused' },
      };
      await audit.append({ ...base, outcome: 'requested', before: { status: 'active' } });
      await audit.append({ ...base, outcome: 'succeeded', before: { status: 'active' }, after: { status: 'paused' } });
    }
  }),
);
const endedAt = Date.now();
const cpu = process.cpuUsage(cpuBefore);
await closePostgres(db);
process.stdout.write(JSON.stringify({ entries: args.actions * 2, startedAt, endedAt, cpuMs: (cpu.user + cpu.system) / 1000 }));
