/**
 * Issue 11 rule 8, roles as the manual says: each account controls replication of the accounts
 * below it. Every action × role × target level, through the API (the console acts only through
 * it), including targets in another reseller's subtree (404, as if they did not exist).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOT_ON_ITSELF } from '../../api/access';
import { ownerChain } from '../../db/scope';
import { keyToString, type AccountKey } from '../../domain';
import { startApiStack, type ApiStack } from '../support/api';

type Action = 'view' | 'replicate' | 'retry' | 'bulk' | 'link' | 'unlink' | 'move' | 'switch';
type Target = 'reseller' | 'client' | 'domain' | 'mailbox' | 'otherReseller' | 'otherClient' | 'otherDomain';
type Role = 'mailbox' | 'client' | 'reseller' | 'admin';
/** ok: served (2xx, or 409 for a state the action cannot take: not a refusal of the caller). */
type Expected = 'ok' | 403 | 404;

const ACTIONS: readonly Action[] = ['view', 'replicate', 'retry', 'bulk', 'link', 'unlink', 'move', 'switch'];
const TARGETS: readonly Target[] = ['reseller', 'client', 'domain', 'mailbox', 'otherReseller', 'otherClient', 'otherDomain'];

/** One row per target: the expected answer for each action, in ACTIONS order. */
const row = (...answers: Expected[]): Record<Action, Expected> =>
  Object.fromEntries(ACTIONS.map((action, i) => [action, answers[i]!])) as Record<Action, Expected>;

//                                      view  replicate retry bulk  link unlink move switch
const TABLE: Record<Role, Record<Target, Record<Action, Expected>>> = {
  admin: {
    reseller: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    client: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    domain: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    mailbox: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    otherReseller: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    otherClient: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
    otherDomain: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok'),
  },
  // A reseller: its clients and their domains and mailboxes, never itself; no link, unlink or move.
  reseller: {
    reseller: row('ok', 403, 403, 403, 403, 403, 403, 'ok'),
    client: row('ok', 'ok', 'ok', 'ok', 403, 403, 403, 403),
    domain: row('ok', 'ok', 'ok', 'ok', 403, 403, 403, 403),
    mailbox: row('ok', 'ok', 'ok', 'ok', 403, 403, 403, 403),
    otherReseller: row(404, 404, 404, 404, 403, 403, 403, 403),
    otherClient: row(404, 404, 404, 404, 403, 403, 403, 403),
    otherDomain: row(404, 404, 404, 404, 403, 403, 403, 403),
  },
  // A client: its domains and mailboxes, never itself nor its reseller.
  client: {
    reseller: row(404, 404, 404, 404, 403, 403, 403, 403),
    client: row('ok', 403, 403, 403, 403, 403, 403, 'ok'),
    domain: row('ok', 'ok', 'ok', 'ok', 403, 403, 403, 403),
    mailbox: row('ok', 'ok', 'ok', 'ok', 403, 403, 403, 403),
    otherReseller: row(404, 404, 404, 404, 403, 403, 403, 403),
    otherClient: row(404, 404, 404, 404, 403, 403, 403, 403),
    otherDomain: row(404, 404, 404, 404, 403, 403, 403, 403),
  },
  // A mailbox only switches, as itself.
  mailbox: {
    reseller: row(403, 403, 403, 403, 403, 403, 403, 403),
    client: row(403, 403, 403, 403, 403, 403, 403, 403),
    domain: row(403, 403, 403, 403, 403, 403, 403, 403),
    mailbox: row(403, 403, 403, 403, 403, 403, 403, 'ok'),
    otherReseller: row(403, 403, 403, 403, 403, 403, 403, 403),
    otherClient: row(403, 403, 403, 403, 403, 403, 403, 403),
    otherDomain: row(403, 403, 403, 403, 403, 403, 403, 403),
  },
};

describe('roles as the manual says: each account controls replication of the accounts below it', () => {
  let stack: ApiStack;

  const request = (role: Role, action: Action, target: AccountKey) => {
    const path = `/api/v1/accounts/${keyToString(target)}`;
    const headers = stack.headers(role);
    switch (action) {
      case 'view':
        return stack.app.inject({ method: 'GET', url: path, headers });
      case 'replicate':
      case 'retry':
      case 'move':
        return stack.app.inject({ method: 'POST', url: `${path}/${action}?wait=0`, headers, payload: {} });
      case 'link':
        return stack.app.inject({ method: 'POST', url: `${path}/link?wait=0`, headers, payload: { voipnowId: 999999 } });
      case 'unlink':
        return stack.app.inject({ method: 'POST', url: `${path}/unlink?wait=0`, headers, payload: {} });
      case 'bulk':
        return stack.app.inject({
          method: 'POST',
          url: '/api/v1/bulk-replications',
          headers,
          payload: { scope: 'subtree', root: keyToString(target) },
        });
      case 'switch':
        return stack.app.inject({ method: 'POST', url: '/api/v1/switch', headers, payload: { account: keyToString(target) } });
    }
  };

  beforeAll(async () => {
    stack = await startApiStack();
  }, 120_000);
  afterAll(async () => stack?.closeAll());

  it('the fixtures are what the table says: a reseller over a client over a domain over a mailbox, and another reseller apart', async () => {
    const { accounts } = stack;
    const chain = async (key: AccountKey) => (await ownerChain(stack.db, key)).map((a) => `${a.kind}/${a.pleskId}`);
    expect(await chain(accounts.mailbox)).toEqual([
      `mailbox/${accounts.mailbox.pleskId}`,
      `domain/${accounts.domain.pleskId}`,
      `client/${accounts.client.pleskId}`,
      `reseller/${accounts.reseller.pleskId}`,
    ]);
    expect(await chain(accounts.otherDomain)).toContain(`reseller/${accounts.otherReseller.pleskId}`);
    expect(await chain(accounts.otherClient)).toContain(`reseller/${accounts.otherReseller.pleskId}`);
  });

  // Admins last: what they start must not change what the customers' rows meet (their own accounts unreplicated).
  for (const role of ['mailbox', 'client', 'reseller', 'admin'] as const) {
    it(`${role}: every action on every target level`, async () => {
      const problems: string[] = [];
      for (const target of TARGETS) {
        for (const action of ACTIONS) {
          const expected = TABLE[role][target][action];
          const reply = await request(role, action, stack.accounts[target]);
          const status = reply.statusCode;
          const served = status < 500 && status !== 401 && status !== 403 && status !== 404;
          const ok = expected === 'ok' ? served : status === expected;
          if (!ok) problems.push(`${role} ${action} ${target}: expected ${expected}, got ${status} ${reply.body.slice(0, 160)}`);
        }
      }
      expect(problems).toEqual([]);
    }, 120_000);
  }

  it('says why a customer cannot replicate its own account, in the product words', async () => {
    const reply = await request('client', 'replicate', stack.accounts.client);
    expect(reply.statusCode).toBe(403);
    expect(reply.json()).toMatchObject({ error: 'forbidden', message: NOT_ON_ITSELF });
  });
});
