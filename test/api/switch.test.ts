/**
 * "Switch to VoipNow" end to end: the API answers a URL, and a real HTTP client follows it to the
 * VoipNow simulator the way a browser would; the simulator says who is logged in.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestVoipnowClient } from '../support/voipnow-client';
import { saveLink } from '../../db/links';
import { keyToString, type AccountKey } from '../../domain';
import { SWITCH_REASONS } from '../../api/switching';
import { startApiStack, unlimit, type ApiStack, type Who } from '../support/api';

interface SwitchAnswer {
  url: string;
  method: 'sso' | 'key' | 'password' | 'login-page';
  reason?: string;
  backToPlesk: { label: string; url: string };
}

const cookieOf = (response: Response) => response.headers.get('set-cookie')?.split(';')[0] ?? null;

describe('switching to VoipNow without typing credentials', () => {
  let stack: ApiStack;
  const passwords: string[] = [];

  const settings = (change: object) =>
    stack.app.inject({ method: 'PATCH', url: `/api/v1/settings/${stack.pleskServer}`, headers: stack.headers('admin'), payload: change });
  const switchAs = async (who: Who, account?: AccountKey) => {
    const reply = await stack.app.inject({
      method: 'POST',
      url: '/api/v1/switch',
      headers: stack.headers(who),
      payload: account ? { account: keyToString(account) } : {},
    });
    for (const password of passwords) expect(reply.body).not.toContain(password);
    return reply;
  };
  const answerOf = async (who: Who, account?: AccountKey): Promise<SwitchAnswer> => {
    const reply = await switchAs(who, account);
    expect(reply.statusCode, reply.body).toBe(200);
    return reply.json() as SwitchAnswer;
  };
  /** Who the simulator's panel says is logged in with this session cookie. */
  const whoIsLoggedIn = async (cookie: string | null) => {
    const page = await fetch(`${stack.voipnow.url}/index.php`, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
    if (page.status === 302) return `nobody (sent to ${page.headers.get('location')})`;
    return /Logged in as [^<]+/.exec(await page.text())?.[0];
  };
  /** Follows a switch URL like a browser: SSO links redirect; our one-time page posts its form. */
  const follow = async (url: string): Promise<string | null> => {
    const first = await fetch(url, { redirect: 'manual' });
    if (first.status === 302) return cookieOf(first);
    const html = await first.text();
    const form = /<form id="switch" method="post" action="([^"]+)">/.exec(html);
    if (!form) return null;
    const fields = new URLSearchParams();
    for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields.set(name!, decode(value!));
    const posted = await fetch(decode(form[1]!), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: fields.toString(),
    });
    expect(posted.status).toBe(302);
    return cookieOf(posted);
  };
  const loginOf = async (key: AccountKey) =>
    await stack.db.accountLink.findUniqueOrThrow({
      where: { pleskServer_kind_pleskId: { pleskServer: key.pleskServer, kind: key.kind, pleskId: key.pleskId } },
    });

  beforeAll(async () => {
    stack = await startApiStack({ listen: true, captureLog: true });
    const { reseller, client, domain, mailbox } = stack.accounts;
    for (const key of [reseller, client, domain, mailbox]) {
      const reply = await stack.app.inject({
        method: 'POST',
        url: `/api/v1/accounts/${keyToString(key)}/replicate?wait=30`,
        headers: stack.headers('admin'),
      });
      expect(reply.statusCode, reply.body).toBe(200);
      if (key.kind !== 'mailbox') await unlimit(stack, key);
      passwords.push(stack.box.open((await loginOf(key)).passwordEnc!));
    }
  }, 120_000);
  afterAll(async () => {
    await stack?.closeAll();
  });

  it('with SSO, logs the reseller in through a one-time VoipNow SSO link', async () => {
    expect((await settings({ integrationMethod: 'sso' })).statusCode).toBe(200);
    const answer = await answerOf('reseller');
    expect(answer.method).toBe('sso');
    expect(answer.url.startsWith(`${stack.voipnow.url}/__sso/login?token=`)).toBe(true);
    const login = (await loginOf(stack.accounts.reseller)).voipnowLogin;
    expect(await whoIsLoggedIn(await follow(answer.url))).toBe(`Logged in as ${login} (reseller)`);
  });

  it('with SSO, logs a mailbox in as its phone terminal extension', async () => {
    const answer = await answerOf('mailbox');
    expect(answer.method).toBe('sso');
    const login = (await loginOf(stack.accounts.mailbox)).voipnowLogin;
    expect(await whoIsLoggedIn(await follow(answer.url))).toBe(`Logged in as ${login} (extension)`);
  });

  it('without SSO, logs the client in with the password stored at replication, through a one-time page that never puts it in a URL', async () => {
    expect((await settings({ integrationMethod: 'key' })).statusCode).toBe(200);
    const answer = await answerOf('client');
    expect(answer.method).toBe('password');
    expect(answer.url.startsWith(`${stack.baseUrl}/api/v1/switch/`)).toBe(true);
    for (const password of passwords) expect(answer.url).not.toContain(encodeURIComponent(password));

    const page = await fetch(answer.url);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('content-security-policy')).toContain(`form-action ${stack.voipnow.url}`);
    expect(await page.text()).toContain(`action="${stack.voipnow.url}/login.php"`);
    expect((await fetch(answer.url)).status).toBe(404); // once only

    const login = (await loginOf(stack.accounts.client)).voipnowLogin;
    expect(await whoIsLoggedIn(await follow((await answerOf('client')).url))).toBe(`Logged in as ${login} (reseller)`);
  });

  it('falls back to the stored password when SSO is not installed, unless switching without SSO is not allowed', async () => {
    expect((await settings({ integrationMethod: 'sso', allowWithoutSso: true })).statusCode).toBe(200);
    stack.voipnow.configure({ sso: false });
    try {
      const fallback = await answerOf('client');
      expect(fallback.method).toBe('password');
      expect(await whoIsLoggedIn(await follow(fallback.url))).toMatch(/^Logged in as /);

      expect((await settings({ allowWithoutSso: false })).statusCode).toBe(200);
      const refused = await answerOf('client');
      expect(refused).toMatchObject({ method: 'login-page', url: `${stack.voipnow.url}/login.php`, reason: SWITCH_REASONS.ssoOnly });
    } finally {
      stack.voipnow.configure({ sso: true });
      await settings({ integrationMethod: 'key', allowWithoutSso: true });
    }
  });

  it('lands on the VoipNow login page once the VoipNow password was changed, and stops trying the old one', async () => {
    const link = await loginOf(stack.accounts.reseller);
    const admin = await createTestVoipnowClient({
      url: stack.voipnow.url,
      auth: { method: 'password', username: 'admin', password: 'VoipNow-Test-2026' },
      timeoutMs: 5000,
    });
    await admin.editReseller(link.voipnowId, { password: 'Changed#Harbor-913' });
    admin.close();

    const answer = await answerOf('reseller');
    expect(answer).toMatchObject({ method: 'login-page', url: `${stack.voipnow.url}/login.php`, reason: SWITCH_REASONS.passwordChanged });
    const page = await fetch(answer.url);
    expect(await page.text()).toContain('<form method="post" action="/login.php">');
    expect(await whoIsLoggedIn(cookieOf(page))).toBe('nobody (sent to /login.php)');

    const pings = stack.voipnow.stats.calls.Ping ?? 0;
    expect((await answerOf('reseller')).method).toBe('login-page');
    expect(stack.voipnow.stats.calls.Ping ?? 0).toBe(pings); // no second failed login counted against the user
  });

  it('sends an account that was linked, not replicated, to the login page: there is no stored password', async () => {
    const seeded = stack.voipnow.seed({ accounts: [{ kind: 'reseller', login: 'linked-walter', password: 'Linked#Harbor-55' }] });
    const walter: AccountKey = { pleskServer: stack.pleskServer, kind: 'client', pleskId: '4' };
    await saveLink(stack.db, {
      key: walter,
      voipnowKind: 'reseller',
      voipnowId: seeded.accounts[0]!.ID,
      voipnowLogin: 'linked-walter',
      origin: 'linked',
    });
    expect(await answerOf('admin', walter)).toMatchObject({ method: 'login-page', reason: SWITCH_REASONS.linked });

    // Always: neither SSO nor Key integration vouches for an account someone else made.
    await settings({ integrationMethod: 'sso' });
    expect(await answerOf('admin', walter)).toMatchObject({ method: 'login-page', reason: SWITCH_REASONS.linked });
    await settings({ integrationMethod: 'key', voipnow: { publicKey: stack.voipnow.publicKey() } });
    expect(await answerOf('admin', walter)).toMatchObject({ method: 'login-page', reason: SWITCH_REASONS.linked });
    await settings({ voipnow: { publicKey: null } });
    await stack.db.accountLink.deleteMany({ where: { pleskServer: walter.pleskServer, kind: walter.kind, pleskId: walter.pleskId } });
  });

  it('Key integration: with the public connection key in the settings, a user switches in through the SOAP API with the encrypted key, no password sent', async () => {
    expect((await settings({ integrationMethod: 'key', voipnow: { publicKey: stack.voipnow.publicKey() } })).statusCode).toBe(200);
    try {
      const answer = await answerOf('mailbox');
      expect(answer.method).toBe('key');
      expect(answer.url.startsWith(`${stack.baseUrl}/api/v1/switch/`)).toBe(true);
      const page = await (await fetch(answer.url)).text();
      expect(page).toContain('name="cryptedAuth"');
      expect(page).not.toContain('name="password"');
      for (const password of passwords) expect(page).not.toContain(password);
      const login = (await loginOf(stack.accounts.mailbox)).voipnowLogin;
      expect(await whoIsLoggedIn(await follow((await answerOf('mailbox')).url))).toBe(`Logged in as ${login} (extension)`);

      // A key that is not the server's: VoipNow refuses it, the stored password still gets the user in.
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect((await settings({ voipnow: { publicKey: otherKey } })).statusCode).toBe(200);
      const fallback = await answerOf('mailbox');
      expect(fallback.method).toBe('password');
      expect(await whoIsLoggedIn(await follow(fallback.url))).toBe(`Logged in as ${login} (extension)`);
    } finally {
      await settings({ voipnow: { publicKey: null } });
    }
  });

  it('every answer carries the "Switch to Plesk" way back to the Plesk control panel', async () => {
    const pleskUrl = (await stack.db.settings.findUniqueOrThrow({ where: { pleskServer: stack.pleskServer } })).pleskUrl;
    for (const who of ['client', 'mailbox'] as const) {
      expect((await answerOf(who)).backToPlesk).toEqual({ label: 'Switch to Plesk', url: `${new URL(pleskUrl).origin}/` });
    }
  });

  it('Key authentication: the settings take the public key and the API encrypted key; a wrong key is reported in product words', async () => {
    const check = async () =>
      (
        await stack.app.inject({ method: 'POST', url: `/api/v1/settings/${stack.pleskServer}/check`, headers: stack.headers('admin') })
      ).json() as { ok: boolean; reason?: string; advice?: string };
    const notAKey = await settings({
      voipnow: { authMethod: 'encryptedKey', login: 'admin', publicKey: '-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----' },
    });
    expect(notAKey.statusCode).toBe(400);
    expect(notAKey.json().field).toBe('body.voipnow.publicKey');
    expect(
      (await settings({ voipnow: { authMethod: 'encryptedKey', login: 'admin', publicKey: stack.voipnow.publicKey() } })).statusCode,
    ).toBe(200);
    try {
      const view = (
        await stack.app.inject({ method: 'GET', url: `/api/v1/settings/${stack.pleskServer}`, headers: stack.headers('admin') })
      ).json();
      expect(view.voipnow).toMatchObject({ authMethod: 'encryptedKey', login: 'admin', publicKey: stack.voipnow.publicKey().trim() });
      expect(await check()).toMatchObject({ ok: true });
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
      expect((await settings({ voipnow: { publicKey: otherKey } })).statusCode).toBe(200);
      expect(await check()).toMatchObject({
        ok: false,
        reason: 'Failed to authenticate to VoipNow server',
        advice: 'Check username, password or key, and the server URL in the settings.',
      });
    } finally {
      await settings({ voipnow: { authMethod: 'password', login: 'admin', password: 'VoipNow-Test-2026', publicKey: null } });
    }
    expect(await check()).toMatchObject({ ok: true });
  });

  it('switches only to your own account; an admin names one; an account that is not linked cannot switch', async () => {
    expect((await switchAs('reseller', stack.accounts.otherReseller)).statusCode).toBe(403);
    const admin = await switchAs('admin');
    expect(admin.statusCode).toBe(400);
    expect(admin.json().field).toBe('body.account');
    const notLinked = await switchAs('admin', stack.accounts.otherReseller);
    expect(notLinked.statusCode).toBe(409);
    expect(notLinked.json()).toMatchObject({ error: 'notLinked', message: 'The account is not linked to VoipNow' });
  });

  it('never writes a password, a token or a one-time switch ticket into the log', () => {
    const log = stack.logText();
    expect(log).toContain('/api/v1/switch');
    expect(log).not.toMatch(/\/api\/v1\/switch\/[A-Za-z0-9_-]{32}/);
    for (const password of [...passwords, 'Changed#Harbor-913', 'VoipNow-Test-2026']) expect(log).not.toContain(password);
    for (const who of ['admin', 'reseller', 'client', 'mailbox'] as const)
      expect(log).not.toContain(stack.headers(who).authorization!.slice('Bearer '.length));
  });
});

function decode(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code))).replace(/&amp;/g, '&');
}
