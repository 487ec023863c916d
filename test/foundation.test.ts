import { describe, expect, it } from 'vitest';
import { durableTransaction, openDatabase } from '../db/connection.ts';
import { AuditLog } from '../server/audit/log.ts';
import { loadConfig, ConfigError } from '../server/config.ts';

describe('configuration', () => {
  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ GIGS_API_URL: 'not a url' })).toThrow(/GIGS_API_URL/);
    expect(() => loadConfig({ GIGS_API_URL: 'https://api.gigs.com' })).toThrow(/GIGS_API_KEY/);
  });

  it('defaults to the sandbox and derives the public and callback URLs', () => {
    const c = loadConfig({});
    expect(c.sandbox).toEqual({ gigs: true, centra: true });
    expect(c.PORT).toBe(8080);
    expect(c.connectCallbackUrl).toBe('http://localhost:8080/connect/done');
  });
});

describe('audit log table', () => {
  it('refuses updates and deletes', () => {
    const db = openDatabase(':memory:');
    const log = new AuditLog(db);
    log.record({ requestId: 'r1', actor: { type: 'system' }, action: 'test.event', outcome: 'succeeded' });
    expect(() => db.$client.prepare("UPDATE audit_events SET action = 'x'").run()).toThrow(/append-only/);
    expect(() => db.$client.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
  });

  it('chains each entry to the previous one', () => {
    const db = openDatabase(':memory:');
    const log = new AuditLog(db);
    const a = log.record({ requestId: 'r1', actor: { type: 'system' }, action: 'test.a', outcome: 'succeeded' });
    const b = log.record({ requestId: 'r2', actor: { type: 'system' }, action: 'test.b', outcome: 'succeeded', request: { password: 'hunter2hunter2' } });
    expect(b.seq).toBe(a.seq + 1);
    expect(b.prevHash).toBe(a.hash);
    expect(b.request).not.toContain('hunter2');
  });
});

describe('durable audit commits', () => {
  it('refuses an audit entry inside a transaction that would commit without fsync', () => {
    const db = openDatabase(':memory:');
    const log = new AuditLog(db);
    const write = () => log.record({ requestId: 'r1', actor: { type: 'system' }, action: 'test.nested', outcome: 'succeeded' });
    expect(() => db.$client.transaction(write).immediate()).toThrow(/durableTransaction/);
    expect(db.$client.prepare('SELECT count(*) FROM audit_events').pluck().get()).toBe(0);
    expect(durableTransaction(db, write).action).toBe('test.nested');
    // Back to NORMAL afterwards: other writes do not pay for an fsync.
    expect(db.$client.pragma('synchronous', { simple: true })).toBe(1);
  });
});
