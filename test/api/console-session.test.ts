/**
 * The web console's sessions: signing in with a token sets an HTTP-only, SameSite cookie that the
 * JSON API accepts like the token; state-changing requests need the session's CSRF token; signing
 * out, revoking the token or changing the admin token ends the session; bearer tokens keep working;
 * every answer carries the security headers, and the console's pages are served from the package.
 */
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app';
import { registerConsole } from '../../api/console';
import { createToken, revokeToken } from '../../db/tokens';
import { EncryptionCodec } from '../../temporal/codec';
import { ADMIN_TOKEN, startApiStack, type ApiStack } from '../support/api';

const COOKIE = 'pvsync-session';

describe('console sessions', () => {
  let stack: ApiStack;

  beforeAll(async () => {
    stack = await startApiStack({ worker: false });
  });
  afterAll(async () => {
    await stack?.closeAll();
  });

  async function signIn(token: string, app = stack.app) {
    const reply = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { token } });
    const cookie = reply.cookies.find((c) => c.name === COOKIE);
    const cookies: Record<string, string> = cookie ? { [COOKIE]: cookie.value } : {};
    return { reply, cookie, cookies, csrf: reply.statusCode === 200 ? (reply.json().csrfToken as string) : '' };
  }

  it('signs in with the admin token: an HTTP-only, SameSite=Lax cookie the API then accepts instead of the token', async () => {
    const { reply, cookie, cookies } = await signIn(ADMIN_TOKEN);
    expect(reply.statusCode).toBe(200);
    expect(reply.json()).toMatchObject({ role: 'admin', via: 'admin-token', account: null, csrfToken: expect.any(String) });
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie!.secure).toBeFalsy(); // plain-HTTP PUBLIC_URL; HTTPS makes it Secure and __Host-
    expect(reply.body).not.toContain(cookie!.value);
    const me = await stack.app.inject({ method: 'GET', url: '/api/v1/me', cookies });
    expect(me.json()).toEqual({ role: 'admin', name: 'admin', account: null });
  });

  it('refuses a wrong token with the reason and sets no cookie', async () => {
    const { reply, cookie } = await signIn('pvs_not-a-token-at-all-0000000000000000000');
    expect(reply.statusCode).toBe(401);
    expect(reply.json().message).toBe('The token is not valid');
    expect(cookie).toBeUndefined();
  });

  it('keeps a reseller signed in with its token inside its subtree', async () => {
    const token = (await createToken(stack.db, { name: 'console reseller', role: 'reseller', account: stack.accounts.reseller })).token;
    const { cookies } = await signIn(token);
    const own = await stack.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${stack.pleskServer}/client/${stack.accounts.client.pleskId}`,
      cookies,
    });
    expect(own.statusCode).toBe(200);
    const other = await stack.app.inject({
      method: 'GET',
      url: `/api/v1/accounts/${stack.pleskServer}/reseller/${stack.accounts.otherReseller.pleskId}`,
      cookies,
    });
    expect(other.statusCode).toBe(404);
    const settings = await stack.app.inject({ method: 'GET', url: `/api/v1/settings/${stack.pleskServer}`, cookies });
    expect(settings.statusCode).toBe(403);
  });

  it("refuses a state-changing request without the session's CSRF token, and serves it with the token", async () => {
    const { cookies, csrf } = await signIn(ADMIN_TOKEN);
    const url = `/api/v1/settings/${stack.pleskServer}`;
    const without = await stack.app.inject({ method: 'PATCH', url, cookies, payload: { allowCustomerTemplates: true } });
    expect(without.statusCode).toBe(403);
    expect(without.json()).toMatchObject({ error: 'csrf' });
    const wrong = await stack.app.inject({
      method: 'PATCH',
      url,
      cookies,
      headers: { 'x-csrf-token': `${csrf.slice(0, -2)}xx` },
      payload: { allowCustomerTemplates: true },
    });
    expect(wrong.statusCode).toBe(403);
    const other = await signIn(ADMIN_TOKEN);
    const foreign = await stack.app.inject({
      method: 'PATCH',
      url,
      cookies,
      headers: { 'x-csrf-token': other.csrf },
      payload: { allowCustomerTemplates: true },
    });
    expect(foreign.statusCode, "another session's token").toBe(403);
    const right = await stack.app.inject({
      method: 'PATCH',
      url,
      cookies,
      headers: { 'x-csrf-token': csrf },
      payload: { allowCustomerTemplates: true },
    });
    expect(right.statusCode).toBe(200);
    // Reading needs no token.
    expect((await stack.app.inject({ method: 'GET', url, cookies })).statusCode).toBe(200);
  });

  it('keeps bearer tokens working without a cookie or CSRF token (CLI and automation)', async () => {
    const reply = await stack.app.inject({
      method: 'PATCH',
      url: `/api/v1/settings/${stack.pleskServer}`,
      headers: stack.headers('admin'),
      payload: { allowCustomerTemplates: false },
    });
    expect(reply.statusCode).toBe(200);
  });

  it('ends the session on sign-out: the cookie is cleared and no longer accepted', async () => {
    const { cookies, csrf } = await signIn(ADMIN_TOKEN);
    expect((await stack.app.inject({ method: 'DELETE', url: '/api/v1/session', cookies })).statusCode, 'sign-out is a change: CSRF').toBe(
      403,
    );
    const out = await stack.app.inject({ method: 'DELETE', url: '/api/v1/session', cookies, headers: { 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === COOKIE)?.value).toBe('');
    const after = await stack.app.inject({ method: 'GET', url: '/api/v1/me', cookies });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toBe('Your session has ended: sign in again');
  });

  it('ends the sessions of a revoked token at once', async () => {
    const created = await createToken(stack.db, { name: 'soon revoked', role: 'client', account: stack.accounts.client });
    const { cookies } = await signIn(created.token);
    expect((await stack.app.inject({ method: 'GET', url: '/api/v1/me', cookies })).statusCode).toBe(200);
    await revokeToken(stack.db, created.row.id);
    const after = await stack.app.inject({ method: 'GET', url: '/api/v1/me', cookies });
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toBe('The token of this session was revoked: sign in again');
  });

  it('ends the sessions of the admin token when ADMIN_TOKEN changes', async () => {
    const { cookies } = await signIn(ADMIN_TOKEN);
    const rotated = await buildApp({
      config: stack.config,
      db: stack.db,
      box: stack.box,
      temporal: stack.temporal,
      adminToken: 'a-new-admin-token-0123456789',
      codec: new EncryptionCodec(stack.masterKey),
    });
    try {
      const reply = await rotated.inject({ method: 'GET', url: '/api/v1/me', cookies });
      expect(reply.statusCode).toBe(401);
      expect(reply.json().message).toBe('The admin token changed: sign in again');
    } finally {
      await rotated.close();
    }
  });

  it("lets the Temporal Web UI decode with an admin's session cookie from its own origin, and nobody else", async () => {
    const uiOrigin = new URL(stack.config.temporalUiUrl).origin;
    const payload = { payloads: [] };
    const admin = await signIn(ADMIN_TOKEN);
    const fromUi = await stack.app.inject({
      method: 'POST',
      url: '/codec/decode',
      cookies: admin.cookies,
      headers: { origin: uiOrigin },
      payload,
    });
    expect(fromUi.statusCode).toBe(200);
    expect(fromUi.headers['access-control-allow-origin']).toBe(uiOrigin);
    expect(fromUi.headers['access-control-allow-credentials']).toBe('true');
    const elsewhere = await stack.app.inject({
      method: 'POST',
      url: '/codec/decode',
      cookies: admin.cookies,
      headers: { origin: 'http://evil.example' },
      payload,
    });
    expect(elsewhere.statusCode, 'another origin needs the CSRF token').toBe(403);
    const reseller = await signIn(
      (await createToken(stack.db, { name: 'codec reseller', role: 'reseller', account: stack.accounts.reseller })).token,
    );
    const notAdmin = await stack.app.inject({
      method: 'POST',
      url: '/codec/decode',
      cookies: reseller.cookies,
      headers: { origin: uiOrigin },
      payload,
    });
    expect(notAdmin.statusCode).toBe(403);
  });

  it('sends security headers with a Content-Security-Policy that allows no inline script', async () => {
    for (const url of ['/console/', '/api/v1/me', '/health']) {
      const reply = await stack.app.inject({ method: 'GET', url, headers: stack.headers('admin') });
      const csp = String(reply.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(reply.headers['x-content-type-options'], url).toBe('nosniff');
      expect(reply.headers['referrer-policy'], url).toBe('no-referrer');
    }
  });

  it('serves the console from the package: every screen path gets the page, whose scripts are files of this origin', async () => {
    const root = await stack.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/console/');
    for (const url of ['/console/', '/console/log', `/console/accounts/${stack.pleskServer}/client/6`]) {
      const page = await stack.app.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['content-type'], url).toMatch(/^text\/html/);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      const scripts = [...page.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      for (const [, attributes, body] of scripts) {
        expect(attributes).toMatch(/src="\/console\/assets\/[^"]+\.js"/);
        expect(body!.trim()).toBe('');
      }
      expect(page.body).not.toMatch(/https?:\/\//); // no CDN
    }
    const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec((await stack.app.inject({ method: 'GET', url: '/console/' })).body)![1]!;
    const asset = await stack.app.inject({ method: 'GET', url: script });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await stack.app.inject({ method: 'GET', url: '/console/assets/../../package.json' })).statusCode).not.toBe(200);
  });

  it('says how to build the console when there is no build', async () => {
    const bare = Fastify();
    await registerConsole(bare, { dist: '/nonexistent/web/dist' });
    for (const url of ['/console/', '/console/log', '/console/assets/index.js']) {
      const reply = await bare.inject({ method: 'GET', url });
      expect(reply.statusCode, url).toBe(503);
      expect(reply.body).toContain('npm run build:console');
    }
    await bare.close();
  });
});
