/**
 * The authorisation matrix: every route of the app × every caller (no token, a wrong one, a
 * revoked one, admin, reseller, client, mailbox). The route list comes from the app itself, so a
 * route added without a line here fails the first test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyToString, type AccountKey } from '../../domain';
import { ADMIN_TOKEN, EVERY_WHO, startApiStack, type ApiStack, type Who } from '../support/api';

type Role = 'admin' | 'reseller' | 'client' | 'mailbox';
const EVERYONE: readonly Role[] = ['admin', 'reseller', 'client', 'mailbox'];
const CUSTOMERS: readonly Role[] = ['admin', 'reseller', 'client'];
const ADMINS: readonly Role[] = ['admin'];

interface Rule {
  allow: 'public' | readonly Role[];
  /** Public in the router, the handler checks the token itself (the codec endpoint). */
  selfChecked?: true;
  query?: string;
  body?: (own: AccountKey, stack: ApiStack) => unknown;
  /** Acts on an account below the caller's: an account controls replication of those, not of itself (test/api/roles.test.ts). */
  below?: true;
  /** Another server name in the URL (removing the stack's own server would change what the other lines see). */
  server?: string;
}

const ACCOUNT = '/api/v1/accounts/:pleskServer/:kind/:pleskId';
const NO_WAIT = 'wait=0';

const MATRIX: Record<string, Rule> = {
  'GET /health': { allow: 'public' },
  'GET /api/v1/me': { allow: EVERYONE },
  'GET /api/v1/servers': { allow: CUSTOMERS },
  'GET /api/v1/accounts/:pleskServer': { allow: CUSTOMERS },
  [`GET ${ACCOUNT}`]: { allow: CUSTOMERS },
  [`GET ${ACCOUNT}/domains`]: { allow: CUSTOMERS },
  [`GET ${ACCOUNT}/mailboxes`]: { allow: CUSTOMERS },
  [`POST ${ACCOUNT}/replicate`]: { allow: CUSTOMERS, query: NO_WAIT, below: true },
  [`POST ${ACCOUNT}/retry`]: { allow: CUSTOMERS, query: NO_WAIT, below: true },
  [`POST ${ACCOUNT}/link`]: { allow: ADMINS, query: NO_WAIT, body: () => ({ voipnowId: 999999 }) },
  [`POST ${ACCOUNT}/unlink`]: { allow: ADMINS, query: NO_WAIT },
  [`POST ${ACCOUNT}/move`]: { allow: ADMINS, query: NO_WAIT },
  [`GET ${ACCOUNT}/templates`]: { allow: CUSTOMERS },
  [`PUT ${ACCOUNT}/templates`]: { allow: CUSTOMERS, body: () => ({ client: null }) },
  'POST /api/v1/bulk-replications': { allow: CUSTOMERS, below: true, body: (own) => ({ scope: 'subtree', root: keyToString(own) }) },
  'GET /api/v1/bulk-replications/:workflowId': { allow: CUSTOMERS },
  'POST /api/v1/plans': { allow: CUSTOMERS, body: (own) => ({ scope: 'subtree', root: keyToString(own) }) },
  'GET /api/v1/plans/:id': { allow: CUSTOMERS },
  'POST /api/v1/plans/:id/run': { allow: CUSTOMERS, body: () => ({}) },
  'GET /api/v1/plans/:id/run': { allow: CUSTOMERS },
  'GET /api/v1/log': { allow: CUSTOMERS },
  'GET /api/v1/discovery/:pleskServer': { allow: ADMINS },
  'POST /api/v1/discovery/:pleskServer/pause': { allow: ADMINS },
  'POST /api/v1/discovery/:pleskServer/resume': { allow: ADMINS },
  'POST /api/v1/discovery/:pleskServer/run': { allow: ADMINS },
  'GET /api/v1/settings/:pleskServer': { allow: ADMINS },
  'PATCH /api/v1/settings/:pleskServer': { allow: ADMINS, body: () => ({ allowCustomerTemplates: true }) },
  'POST /api/v1/settings/:pleskServer/check': { allow: ADMINS },
  'POST /api/v1/tokens': { allow: ADMINS, body: () => ({ name: 'matrix', role: 'admin' }) },
  'GET /api/v1/tokens': { allow: ADMINS },
  'DELETE /api/v1/tokens/:id': { allow: ADMINS },
  'POST /api/v1/switch': { allow: EVERYONE },
  'GET /api/v1/switch/:ticket': { allow: 'public' },
  'POST /codec/decode': { allow: ADMINS, selfChecked: true, body: () => ({ payloads: [] }) },
  'POST /codec/encode': { allow: ADMINS, selfChecked: true, body: () => ({ payloads: [] }) },
  'OPTIONS /codec/*': { allow: 'public' },
  'POST /api/v1/session': { allow: 'public', body: () => ({ token: ADMIN_TOKEN }) },
  'GET /api/v1/session': { allow: 'public' },
  'DELETE /api/v1/session': { allow: EVERYONE },
  'GET /api/v1/session/plesk': { allow: 'public', query: 'handoff=not-a-handoff' },
  'GET /api/v1/settings/:pleskServer/plesk-extension': { allow: ADMINS },
  'PUT /api/v1/settings/:pleskServer/plesk-extension': {
    allow: ADMINS,
    body: () => ({ secret: 'a-shared-secret-of-at-least-32-characters' }),
  },
  'POST /api/v1/settings/:pleskServer/plesk-extension/secret': { allow: ADMINS },
  // Registering without a Plesk URL is refused (400) after the role check: nothing is registered.
  'POST /api/v1/servers': { allow: ADMINS, body: () => ({ pleskServer: 'matrix-server' }) },
  'DELETE /api/v1/servers/:pleskServer': { allow: ADMINS, server: 'not-registered' },
  'POST /api/v1/servers/:pleskServer/purge': { allow: ADMINS, server: 'not-registered', body: () => ({ confirm: 'not-registered' }) },
};

/** The API documentation (@fastify/swagger-ui's routes) and the web console's files are public as a whole. */
const isDocs = (url: string) =>
  url === '/docs' || url.startsWith('/docs/') || url === '/' || url === '/console' || url.startsWith('/console/');

describe('authorisation: every route × every caller', () => {
  let stack: ApiStack;

  beforeAll(async () => {
    stack = await startApiStack();
    await stack.db.settings.update({ where: { pleskServer: stack.pleskServer }, data: { allowCustomerTemplates: true } });
  });
  afterAll(async () => {
    await stack?.closeAll();
  });

  const ownAccount = (who: Who): AccountKey => {
    if (who === 'reseller' || who === 'client' || who === 'mailbox') return stack.accounts[who];
    return stack.accounts.client;
  };

  /** An account below the caller's (the mailbox has none: its routes answer 403 anyway). */
  const belowAccount = (who: Who): AccountKey =>
    who === 'reseller' ? stack.accounts.client : who === 'client' ? stack.accounts.domain : ownAccount(who);

  function urlFor(pattern: string, who: Who, below = false, server?: string): string {
    const own = below ? belowAccount(who) : ownAccount(who);
    return pattern
      .replace(':pleskServer', server ?? own.pleskServer)
      .replace(':kind', own.kind)
      .replace(':pleskId', own.pleskId)
      .replace(':workflowId', encodeURIComponent(`bulk/${keyToString(own)}`))
      .replace(':id', randomUUID())
      .replace(':ticket', 'A'.repeat(32))
      .replace('/codec/*', '/codec/decode')
      .replace('*', 'swagger-ui.css');
  }

  it('has a line for every route the app serves, and no line for a route it does not', () => {
    const served = stack.app.routeTable.filter((r) => !isDocs(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(
      served.filter((route) => !(route in MATRIX)),
      'routes without a line in the matrix',
    ).toEqual([]);
    expect(
      Object.keys(MATRIX).filter((route) => !served.includes(route)),
      'lines for routes that do not exist',
    ).toEqual([]);
    expect(stack.app.routeTable.some((r) => isDocs(r.url))).toBe(true);
  });

  it('declares on each route the roles the matrix expects', () => {
    for (const route of stack.app.routeTable.filter((r) => !isDocs(r.url))) {
      const rule = MATRIX[`${route.method} ${route.url}`]!;
      if (rule.allow === 'public' || rule.selfChecked) expect(route.public, `${route.method} ${route.url}`).toBe(true);
      else expect([...(route.allow ?? ['admin'])].sort(), `${route.method} ${route.url}`).toEqual([...rule.allow].sort());
    }
  });

  it('answers 401 without a token, with a wrong one and with a revoked one, 403 to a role the route does not serve, and serves the others', async () => {
    const problems: string[] = [];
    for (const route of stack.app.routeTable) {
      const rule: Rule = isDocs(route.url) ? { allow: 'public' } : MATRIX[`${route.method} ${route.url}`]!;
      for (const who of EVERY_WHO) {
        const url = urlFor(route.url, who, rule.below, rule.server) + (rule.query ? `?${rule.query}` : '');
        const body = rule.body?.(rule.below ? belowAccount(who) : ownAccount(who), stack);
        const reply = await stack.app.inject({
          method: route.method as 'GET',
          url,
          headers: stack.headers(who),
          ...(body === undefined ? {} : { payload: body as object }),
        });
        const status = reply.statusCode;
        let expected: string;
        let ok: boolean;
        if (rule.allow === 'public') {
          expected = 'served';
          ok = status !== 401 && status !== 403 && status < 500;
        } else if (who === 'none' || who === 'wrong' || who === 'revoked') {
          expected = '401';
          ok = status === 401;
        } else if (rule.allow.includes(who)) {
          expected = 'served';
          ok = status !== 401 && status !== 403 && status < 500;
        } else {
          expected = '403';
          ok = status === 403;
        }
        if (!ok) problems.push(`${route.method} ${url} as ${who}: expected ${expected}, got ${status} ${reply.body.slice(0, 200)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("says why in the product's words", async () => {
    const url = urlFor('/api/v1/settings/:pleskServer', 'admin');
    expect((await stack.app.inject({ method: 'GET', url })).json()).toMatchObject({
      error: 'unauthorized',
      message: expect.stringContaining('Authentication required'),
    });
    expect((await stack.app.inject({ method: 'GET', url, headers: stack.headers('revoked') })).json().message).toBe(
      'The token was revoked',
    );
    expect((await stack.app.inject({ method: 'GET', url, headers: stack.headers('reseller') })).json().message).toBe(
      'Only admins may do this',
    );
    expect((await stack.app.inject({ method: 'GET', url: '/api/v1/me', headers: stack.headers('mailbox') })).statusCode).toBe(200);
    expect(
      (
        await stack.app.inject({
          method: 'GET',
          url: urlFor('/api/v1/accounts/:pleskServer', 'mailbox'),
          headers: stack.headers('mailbox'),
        })
      ).json().message,
    ).toBe('A mailbox can only switch to VoipNow');
  });
});
