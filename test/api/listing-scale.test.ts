/**
 * The listings at 100,000 accounts (1,000 resellers, 10,000 clients, 25,000 domains, 64,000
 * mailboxes, half of them replicated, 200,000 log entries), straight on PostgreSQL: every page the
 * API asks for has the right rows and counts at that size. (How fast is the benchmark's business,
 * not a test's: a timed assertion fails on a busy machine for no fault of the code.)
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, type Db } from '../../db/client';
import { listAccounts, summarize } from '../../db/listing';
import { readLog } from '../../db/log-view';
import { isWithin } from '../../db/scope';

describe('the listings at 100,000 accounts', () => {
  let db: Db;
  const server = `scale${randomBytes(3).toString('hex')}`;
  beforeAll(async () => {
    db = createDb(inject('databaseUrl'), { max: 2 });
    await db.$executeRaw`
      INSERT INTO plesk_accounts ("pleskServer", kind, "pleskId", "ownerKind", "ownerId", name, login, email, "dataHash")
      SELECT ${server}, 'reseller', (i + 1)::text, NULL, NULL, 'Reseller ' || i, 'res' || i, 'res' || i || '@example.com', 'h'
      FROM generate_series(1, 1000) i`;
    await db.$executeRaw`
      INSERT INTO plesk_accounts ("pleskServer", kind, "pleskId", "ownerKind", "ownerId", name, login, email, "dataHash")
      SELECT ${server}, 'client', (1001 + i)::text,
             CASE WHEN i % 10 < 6 THEN 'reseller'::"AccountKind" END,
             CASE WHEN i % 10 < 6 THEN (2 + i % 1000)::text ELSE NULL END,
             'Client ' || i, 'client' || i, 'client' || i || '@example.com', 'h'
      FROM generate_series(1, 10000) i`;
    await db.$executeRaw`
      INSERT INTO plesk_accounts ("pleskServer", kind, "pleskId", "ownerKind", "ownerId", name, login, email, "dataHash")
      SELECT ${server}, 'domain', i::text, 'client', (1002 + i % 10000)::text, 'domain' || i || '.example', 'domain' || i || '.example', NULL, 'h'
      FROM generate_series(1, 25000) i`;
    await db.$executeRaw`
      INSERT INTO plesk_accounts ("pleskServer", kind, "pleskId", "ownerKind", "ownerId", name, login, email, "dataHash")
      SELECT ${server}, 'mailbox', (1 + i % 25000) || '.' || i, 'domain', (1 + i % 25000)::text, 'user' || i || '@example', 'user' || i, 'user' || i || '@example', 'h'
      FROM generate_series(1, 64000) i`;
    // Every second account replicated; a seventh of the rest failed.
    await db.$executeRaw`
      INSERT INTO account_links ("pleskServer", kind, "pleskId", "voipnowKind", "voipnowId", origin, "updatedAt")
      SELECT "pleskServer", kind, "pleskId", (CASE kind WHEN 'domain' THEN 'client' WHEN 'mailbox' THEN 'extension' ELSE 'reseller' END)::"VoipnowKind", row_number() OVER ()::int, 'replicated', now()
      FROM plesk_accounts WHERE "pleskServer" = ${server} AND hashtext("pleskId") % 2 = 0`;
    await db.$executeRaw`
      INSERT INTO attempts ("pleskServer", kind, "pleskId", number, operation, outcome, "reasonType", "reasonText", "workflowId", "runId", "finishedAt")
      SELECT a."pleskServer", a.kind, a."pleskId", 1, 'replicate', 'failed', 'invalidEmail', 'Invalid email address.', 'replicate/x', 'r', now()
      FROM plesk_accounts a LEFT JOIN account_links l USING ("pleskServer", kind, "pleskId")
      WHERE a."pleskServer" = ${server} AND l."pleskId" IS NULL AND hashtext(a."pleskId") % 7 = 0`;
    await db.$executeRaw`
      INSERT INTO log_entries (level, event, "pleskServer", kind, "pleskId", message)
      SELECT (CASE WHEN i % 9 = 0 THEN 'error' ELSE 'info' END)::"LogLevel", 'replicate', ${server}, 'mailbox', (1 + (i % 64000 + 1) % 25000) || '.' || (i % 64000 + 1), 'entry ' || i
      FROM generate_series(1, 200000) i`;
    await db.$executeRawUnsafe('ANALYZE plesk_accounts, account_links, attempts, log_entries');
  }, 180_000);

  afterAll(async () => {
    if (!db) return;
    for (const table of ['log_entries', 'attempts', 'account_links', 'plesk_accounts']) {
      await db.$executeRawUnsafe(`DELETE FROM ${table} WHERE "pleskServer" = $1`, server);
    }
    await db.$disconnect();
  });

  it('pages through the Clients & Resellers view with counts, filters and search', async () => {
    const first = await listAccounts(db, { pleskServer: server, of: { view: 'customers' }, limit: 50, offset: 0 });
    expect(first.total).toBe(11_000);
    expect(first.rows).toHaveLength(50);
    const client = first.rows.find((r) => r.kind === 'client');
    expect(client?.domains).toBeGreaterThan(0);
    expect(client?.mailboxes).toBeGreaterThan(0);
    const deep = await listAccounts(db, { pleskServer: server, of: { view: 'customers' }, limit: 50, offset: 10_000 });
    expect(deep.total).toBe(11_000);
    expect(deep.rows).toHaveLength(50);
    expect(deep.rows.some((r) => first.rows.some((f) => f.pleskId === r.pleskId && f.kind === r.kind))).toBe(false);
    const failed = await listAccounts(db, { pleskServer: server, of: { view: 'customers' }, state: 'failed', limit: 50, offset: 0 });
    expect(failed.total).toBeGreaterThan(0);
    const found = await listAccounts(db, { pleskServer: server, of: { view: 'customers' }, search: 'client777@', limit: 50, offset: 0 });
    expect(found.rows.map((r) => r.login)).toEqual(['client777']);
  });

  it("answers a reseller's view, a client's domains and mailboxes, the log and the summary quickly", async () => {
    const reseller = { pleskServer: server, kind: 'reseller' as const, pleskId: '502' };
    const own = await listAccounts(db, { pleskServer: server, of: { view: 'customers' }, scope: reseller, limit: 50, offset: 0 });
    expect(own.total).toBeGreaterThan(1);
    expect(own.rows.every((r) => r.pleskId === '502' || r.ownerId === '502')).toBe(true);
    const client = own.rows.find((r) => r.kind === 'client')!;
    const owner = { pleskServer: server, kind: 'client' as const, pleskId: client.pleskId };
    const domains = await listAccounts(db, { pleskServer: server, of: { view: 'domains', owner }, limit: 50, offset: 0 });
    expect(domains.total).toBe(client.domains);
    expect(domains.rows).toHaveLength(Math.min(50, client.domains ?? 0));
    expect(domains.rows.every((r) => r.kind === 'domain' && r.ownerId === client.pleskId)).toBe(true);
    const mailboxes = await listAccounts(db, { pleskServer: server, of: { view: 'mailboxes', owner }, limit: 50, offset: 0 });
    expect(mailboxes.total).toBe(client.mailboxes);
    expect(mailboxes.rows.every((r) => r.kind === 'mailbox')).toBe(true);
    const resellerMailboxes = await listAccounts(db, {
      pleskServer: server,
      of: { view: 'mailboxes', owner: reseller },
      limit: 50,
      offset: 0,
    });
    expect(resellerMailboxes.rows.every((r) => r.kind === 'mailbox')).toBe(true);
    expect(resellerMailboxes.rows).toHaveLength(Math.min(50, resellerMailboxes.total));
    const log = await readLog(db, { scope: reseller, minLevel: 'error', limit: 100 });
    expect(log.length).toBeGreaterThan(0);
    expect(await readLog(db, { pleskServer: server, limit: 100 })).toHaveLength(100); // 200,000 entries
    expect((await summarize(db, server, { kinds: ['reseller', 'client'] })).map((row) => row.all)).toEqual([1000, 10_000]);
    const all = await summarize(db, server);
    expect(all.map((row) => row.all)).toEqual([1000, 10_000, 25_000, 64_000]);
    expect(await isWithin(db, reseller, { pleskServer: server, kind: 'mailbox', pleskId: log[0]!.pleskId! })).toBe(true);
  });
});
