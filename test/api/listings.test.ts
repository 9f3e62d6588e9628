/**
 * The Clients & Resellers view and the domain and mailbox lists, as an admin sees them and as a
 * reseller's or client's token sees them: never another reseller's accounts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyToString, type AccountKey } from '../../domain';
import { startApiStack, unlimit, type ApiStack, type Who } from '../support/api';

interface Row {
  account: string;
  state: string;
  attempts: number;
  lastAttempt: { outcome: string; reason: string | null } | null;
  domains: { all: number; replicated: number } | null;
  mailboxes: { all: number; replicated: number } | null;
  link: { voipnowKind: string } | null;
  name: string;
}

describe('the Clients & Resellers view and what each token sees of it', () => {
  let stack: ApiStack;
  let server: string;
  const get = async (who: Who, url: string) => stack.app.inject({ method: 'GET', url, headers: stack.headers(who) });
  const items = async (who: Who, url: string): Promise<Row[]> => {
    const reply = await get(who, url);
    expect(reply.statusCode, reply.body).toBe(200);
    return reply.json().items as Row[];
  };
  const replicate = async (key: AccountKey) => {
    const reply = await stack.app.inject({
      method: 'POST',
      url: `/api/v1/accounts/${keyToString(key)}/replicate?wait=30`,
      headers: stack.headers('admin'),
    });
    expect([200, 422], reply.body).toContain(reply.statusCode);
    return reply;
  };

  beforeAll(async () => {
    stack = await startApiStack();
    server = stack.pleskServer;
    const { reseller, client, domain, mailbox, otherClient } = stack.accounts;
    for (const key of [reseller, client, domain, mailbox]) {
      const reply = await replicate(key);
      expect(reply.statusCode, `${keyToString(key)}: ${reply.body}`).toBe(200);
      if (key.kind !== 'mailbox') await unlimit(stack, key);
    }
    // Client 7's interface language (ja-JP) is not one VoipNow knows: a data error.
    const failed = await replicate(otherClient);
    expect(failed.statusCode).toBe(422);
    expect(failed.json()).toMatchObject({
      error: 'invalidLanguage',
      message: 'Interface language for this client is not a valid option in VoipNow',
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.closeAll();
  });

  it('lists every reseller and client with attempts, last outcome and the domain and mailbox counts', async () => {
    const reply = await get('admin', `/api/v1/accounts/${server}`);
    const body = reply.json();
    expect(body.total).toBe(7);
    const byKey = new Map((body.items as Row[]).map((row) => [row.account, row]));
    expect(byKey.get(`${server}/reseller/2`)).toMatchObject({
      state: 'replicated',
      attempts: 1,
      link: { voipnowKind: 'reseller' },
      domains: { all: 0, replicated: 0 },
    });
    const mailboxes = await stack.db.pleskAccount.count({ where: { pleskServer: server, kind: 'mailbox', ownerId: '2' } });
    expect(byKey.get(`${server}/client/6`)).toMatchObject({
      state: 'replicated',
      domains: { all: 1, replicated: 1 },
      mailboxes: { all: mailboxes, replicated: 1 },
    });
    expect(byKey.get(`${server}/client/7`)).toMatchObject({
      state: 'failed',
      attempts: 1,
      link: null,
      lastAttempt: { outcome: 'failed', reason: 'Interface language for this client is not a valid option in VoipNow' },
    });
    expect(byKey.get(`${server}/client/4`)).toMatchObject({ state: 'not-replicated', attempts: 0, lastAttempt: null });
    expect(body.summary).toContainEqual({ kind: 'client', all: 5, replicated: 1, failed: 1 });
  });

  it('filters by replicated, not replicated and failed', async () => {
    const accounts = async (state: string) =>
      (await items('admin', `/api/v1/accounts/${server}?state=${state}`)).map((r) => r.account).sort();
    expect(await accounts('replicated')).toEqual([`${server}/client/6`, `${server}/reseller/2`]);
    expect(await accounts('failed')).toEqual([`${server}/client/7`]);
    expect(await accounts('not-replicated')).toHaveLength(5);
    const wrong = await get('admin', `/api/v1/accounts/${server}?state=broken`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().field).toBe('querystring.state');
  });

  it('filters by owner (an account of the server, or the Plesk admin) and by the reason the last attempt failed with', async () => {
    const accounts = async (query: string) =>
      (await items('admin', `/api/v1/accounts/${server}?${query}&limit=500`)).map((r) => r.account).sort();
    const customers = await stack.db.pleskAccount.findMany({ where: { pleskServer: server, kind: { in: ['reseller', 'client'] } } });
    const keysOf = (rows: typeof customers) => rows.map((a) => `${server}/${a.kind}/${a.pleskId}`).sort();
    const ownedByAdmin = keysOf(customers.filter((a) => a.ownerKind === null));
    const ownedByReseller = keysOf(customers.filter((a) => a.ownerKind === 'reseller' && a.ownerId === '2'));
    expect(ownedByReseller.length).toBeGreaterThan(0);
    expect(ownedByAdmin.length).toBeGreaterThan(0);
    expect(await accounts('owner=admin')).toEqual(ownedByAdmin);
    expect(await accounts(`owner=${server}/reseller/2`)).toEqual(ownedByReseller);
    expect(await accounts(`owner=${server}/reseller/2&state=replicated`)).toEqual(
      ownedByReseller.filter((key) => [`${server}/client/6`, `${server}/reseller/2`].includes(key)),
    );
    expect(await accounts('reason=invalidLanguage')).toEqual([`${server}/client/7`]);
    expect(await accounts('reason=invalidEmail')).toEqual([]);
    for (const [query, field] of [
      ['owner=other1/reseller/2', 'querystring.owner'],
      ['owner=reseller-2', 'querystring.owner'],
      ['reason=noSuchReason', 'querystring.reason'],
    ]) {
      const wrong = await get('admin', `/api/v1/accounts/${server}?${query}`);
      expect(wrong.statusCode, query).toBe(400);
      expect(wrong.json().field, query).toBe(field);
    }
    // The log filters by reason too.
    const entries = (await get('admin', `/api/v1/log?pleskServer=${server}&reason=invalidLanguage`)).json().items as {
      reasonType: string;
      account: string;
    }[];
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((entry) => entry.reasonType === 'invalidLanguage')).toBe(true);
    expect(entries.map((entry) => entry.account)).toContain(`${server}/client/7`);
  });

  it('searches name, login and email, case-insensitively, with % and _ as plain letters', async () => {
    const found = async (search: string) =>
      (await items('admin', `/api/v1/accounts/${server}?search=${encodeURIComponent(search)}`)).map((r) => r.account);
    expect(await found('WALTER.GARCIA4')).toEqual([`${server}/client/4`]); // login
    expect(await found('anna.moreno@example.com')).toEqual([`${server}/client/8`]); // email
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
  });

  it('pages through the list', async () => {
    const first = (await get('admin', `/api/v1/accounts/${server}?limit=3&offset=0`)).json();
    const last = (await get('admin', `/api/v1/accounts/${server}?limit=3&offset=6`)).json();
    const past = (await get('admin', `/api/v1/accounts/${server}?limit=3&offset=30`)).json();
    expect([first.items.length, last.items.length, past.items.length]).toEqual([3, 1, 0]);
    expect([first.total, last.total, past.total]).toEqual([7, 7, 7]);
    const all = (await items('admin', `/api/v1/accounts/${server}?limit=500`)).map((r) => r.account);
    expect(new Set(all).size).toBe(7);
  });

  it('lists the domains of a client and the mailboxes of a domain or of a client', async () => {
    const domains = await items('admin', `/api/v1/accounts/${server}/client/6/domains`);
    expect(domains).toHaveLength(1);
    expect(domains[0]).toMatchObject({ account: `${server}/domain/2`, state: 'replicated', domains: null });
    const ofDomain = await items('admin', `/api/v1/accounts/${server}/domain/2/mailboxes?limit=500`);
    const ofClient = await items('admin', `/api/v1/accounts/${server}/client/6/mailboxes?limit=500`);
    expect(ofClient.map((r) => r.account)).toEqual(ofDomain.map((r) => r.account));
    expect(ofDomain.filter((r) => r.state === 'replicated').map((r) => r.account)).toEqual([keyToString(stack.accounts.mailbox)]);
    expect((await get('admin', `/api/v1/accounts/${server}/domain/2/domains`)).statusCode).toBe(400);
  });

  it("never shows a reseller another reseller's accounts: not in the list, not by key, not in the log, not by search", async () => {
    const own = (await items('reseller', `/api/v1/accounts/${server}?limit=500`)).map((r) => r.account).sort();
    expect(own).toEqual([`${server}/client/6`, `${server}/reseller/2`]);
    expect(await items('reseller', `/api/v1/accounts/${server}?search=oscar`)).toEqual([]); // client 7's name
    expect(await items('reseller', `/api/v1/accounts/${server}?state=failed`)).toEqual([]);

    const { otherReseller, otherClient, otherDomain } = stack.accounts;
    for (const key of [otherReseller, otherClient, otherDomain]) {
      for (const path of ['', '/domains', '/mailboxes']) {
        if (path === '/domains' && key.kind === 'domain') continue;
        const reply = await get('reseller', `/api/v1/accounts/${keyToString(key)}${path}`);
        expect(reply.statusCode, `${keyToString(key)}${path}`).toBe(404);
        expect(reply.body).not.toContain('oscar');
      }
      expect((await get('reseller', `/api/v1/log?account=${keyToString(key)}`)).statusCode).toBe(404);
    }
    const log = (await get('reseller', `/api/v1/log?limit=1000`)).json().items as { account: string | null }[];
    expect(log.length).toBeGreaterThan(0);
    const mine = new Set([`${server}/reseller/2`, `${server}/client/6`, `${server}/domain/2`, keyToString(stack.accounts.mailbox)]);
    expect(log.filter((entry) => !entry.account || !mine.has(entry.account))).toEqual([]);
    const adminLog = (await get('admin', `/api/v1/log?limit=1000`)).json().items as { account: string | null }[];
    expect(adminLog.some((entry) => entry.account === `${server}/client/7`)).toBe(true);

    const servers = (await get('reseller', '/api/v1/servers')).json().items;
    expect(servers).toEqual([
      { pleskServer: server, accounts: expect.arrayContaining([{ kind: 'client', all: 1, replicated: 1, failed: 0 }]) },
    ]);
    expect((await get('reseller', '/api/v1/accounts/some-other-server')).statusCode).toBe(404);
  });

  it('shows a reseller its own subtree down to the mailboxes, and a client only itself', async () => {
    expect((await get('reseller', `/api/v1/accounts/${keyToString(stack.accounts.mailbox)}`)).statusCode).toBe(200);
    expect((await items('client', `/api/v1/accounts/${server}`)).map((r) => r.account)).toEqual([`${server}/client/6`]);
    expect((await get('client', `/api/v1/accounts/${server}/reseller/2`)).statusCode).toBe(404);
    expect((await get('client', `/api/v1/accounts/${server}/domain/2/mailboxes`)).statusCode).toBe(200);
  });

  it('pages the log by entry ID and filters it by time and level', async () => {
    const first = (await get('admin', `/api/v1/log?pleskServer=${server}&limit=2`)).json();
    expect(first.items).toHaveLength(2);
    expect(first.nextBeforeId).toBe(first.items[1].id);
    const next = (await get('admin', `/api/v1/log?pleskServer=${server}&limit=2&beforeId=${first.nextBeforeId as number}`)).json();
    expect(next.items[0].id).toBeLessThan(first.items[1].id);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await get('admin', `/api/v1/log?pleskServer=${server}&since=${future}`)).json()).toEqual({ items: [], nextBeforeId: null });
    const past = new Date(Date.now() - 3_600_000).toISOString();
    expect((await get('admin', `/api/v1/log?pleskServer=${server}&until=${past}`)).json().items).toEqual([]);
    const errors = (await get('admin', `/api/v1/log?pleskServer=${server}&level=error`)).json().items as { level: string }[];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((entry) => entry.level === 'error')).toBe(true);
    const newer = (await get('admin', `/api/v1/log?pleskServer=${server}&afterId=${next.items[0].id as number}`)).json().items as {
      id: number;
    }[];
    expect(newer.map((entry) => entry.id)).toEqual([...newer.map((entry) => entry.id)].sort((a, b) => a - b));
    expect((await get('admin', `/api/v1/log?since=yesterday`)).json().field).toBe('querystring.since');
  });

  it('shows one account with what Plesk has, its link, attempts, log and executions', async () => {
    const view = (await get('admin', `/api/v1/accounts/${keyToString(stack.accounts.otherClient)}`)).json();
    expect(view).toMatchObject({
      state: 'failed',
      replicated: false,
      plesk: { owner: `${server}/reseller/3`, vanished: false },
      attempts: [{ outcome: 'failed', reasonType: 'invalidLanguage' }],
    });
    expect(view.log[0]).toMatchObject({ level: 'error', event: 'replicate', account: `${server}/client/7` });
    expect(view.executions[0]).toMatchObject({ status: 'FAILED', webUiUrl: expect.stringContaining('/workflows/') });
  });
});
