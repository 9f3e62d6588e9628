/** Settings (secrets write-only, validation, the VoipNow check) and API tokens (shown once, revocable). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSettings } from '../../db/settings';
import { startApiStack, type ApiStack } from '../support/api';

describe('settings and tokens', () => {
  let stack: ApiStack;
  let url: string;
  const admin = (method: 'GET' | 'PATCH' | 'POST' | 'DELETE', path: string, payload?: object) =>
    stack.app.inject({ method, url: path, headers: stack.headers('admin'), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    stack = await startApiStack({ captureLog: true });
    url = `/api/v1/settings/${stack.pleskServer}`;
  });
  afterAll(async () => {
    await stack?.closeAll();
  });

  it('shows every setting of the product, and secrets only as set or not set', async () => {
    const reply = await admin('GET', url);
    expect(reply.statusCode).toBe(200);
    const view = reply.json();
    expect(view).toMatchObject({
      pleskServer: stack.pleskServer,
      voipnow: {
        url: stack.voipnow.url,
        authMethod: 'password',
        login: 'admin',
        password: 'set',
        appKey: null,
        appSecret: 'not set',
        tlsVerify: true,
      },
      plesk: { secret: 'set' },
      integrationMethod: 'key',
      allowWithoutSso: true,
      soap: { tag: stack.pleskServer, timeoutSeconds: 5 }, // VOIPNOW_SOAP_TIMEOUT of the test stack
      // The test stack names the demo templates, as npm start does; the switches start off (issue 11 rule 2).
      automaticReplication: {
        resellers: false,
        domains: false,
        mailboxes: false,
        templates: { reseller: 'Reseller', client: 'Business client', extension: 'Phone terminal' },
      },
      manualReplication: { templates: { reseller: 'Reseller', client: 'Business client', extension: 'Phone terminal' } },
      allowCustomerTemplates: false,
    });
    expect(reply.body).not.toContain('VoipNow-Test-2026');
    expect(reply.body).not.toContain('Plesk-Test-2026');
  });

  it('changes settings, seals a new secret, and logs which settings changed but not their values', async () => {
    const reply = await admin('PATCH', url, {
      voipnow: { password: 'VoipNow-Test-2026' },
      soap: { timeoutSeconds: 12 },
      manualReplication: { templates: { client: 'Gold clients', extension: null } },
      automaticReplication: { mailboxes: true },
    });
    expect(reply.statusCode, reply.body).toBe(200);
    expect(reply.json()).toMatchObject({
      soap: { timeoutSeconds: 12 },
      manualReplication: { templates: { client: 'Gold clients', reseller: 'Reseller' } },
      automaticReplication: { mailboxes: true, domains: false },
    });
    const row = await stack.db.settings.findUniqueOrThrow({ where: { pleskServer: stack.pleskServer } });
    expect(row.voipnowPasswordEnc).toMatch(/^v1:/);
    expect(openSettings(row, stack.box).voipnow.auth).toMatchObject({ password: 'VoipNow-Test-2026' });
    const log = (await admin('GET', `/api/v1/log?pleskServer=${stack.pleskServer}&limit=5`)).json().items;
    expect(log[0]).toMatchObject({ event: 'settings', level: 'info', account: null });
    expect(log[0].message).toBe(
      `Settings of ${stack.pleskServer} changed by admin: voipnow.password, soap.timeoutSeconds, automaticReplication.mailboxes, manualReplication.templates.client, manualReplication.templates.extension`,
    );
    expect(stack.logText()).not.toContain('VoipNow-Test-2026');
  });

  it('names the field of a wrong setting', async () => {
    const cases: [object, string][] = [
      [{ soap: { timeoutSeconds: 0 } }, 'body.soap.timeoutSeconds'],
      [{ voipnow: { url: 'ftp://x' } }, 'body.voipnow.url'],
      [{ integrationMethod: 'magic' }, 'body.integrationMethod'],
      [{ voipnow: { colour: 'blue' } }, 'body.voipnow.colour'],
      [{ voipnow: { authMethod: 'key' } }, 'body.voipnow.appKey'],
      [{ voipnow: { password: 'set' } }, 'body.voipnow.password'],
      [{}, 'body'],
    ];
    for (const [payload, field] of cases) {
      const reply = await admin('PATCH', url, payload);
      expect(reply.statusCode, JSON.stringify(payload)).toBe(400);
      expect(reply.json().field, JSON.stringify(payload)).toBe(field);
    }
    expect((await admin('GET', '/api/v1/settings/no-such-server')).statusCode).toBe(404);
  });

  it('checks the VoipNow link: brief server information, or the reason', async () => {
    const ok = await admin('POST', `${url}/check`);
    expect(ok.json()).toMatchObject({ ok: true, server: { title: '4PSA VoipNow (simulator)', sso: true } });
    await admin('PATCH', url, { voipnow: { password: 'Wrong-Password-1' } });
    const refused = await admin('POST', `${url}/check`);
    expect(refused.json()).toEqual({
      ok: false,
      reasonType: 'authFailed',
      reason: 'Failed to authenticate to VoipNow server',
      advice: 'Check username, password or key, and the server URL in the settings.',
    });
    await admin('PATCH', url, { voipnow: { password: 'VoipNow-Test-2026' } });
  });

  it('creates a token that is shown once, lists tokens without it, and stops it at once when revoked', async () => {
    const created = await admin('POST', '/api/v1/tokens', {
      name: 'Reseller 2 portal',
      role: 'reseller',
      account: `${stack.pleskServer}/reseller/2`,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, token } = created.json();
    expect(token).toMatch(/^pvs_[A-Za-z0-9_-]{43}$/);
    const me = await stack.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toEqual({ role: 'reseller', name: 'Reseller 2 portal', account: `${stack.pleskServer}/reseller/2` });

    const list = await admin('GET', '/api/v1/tokens');
    expect(list.body).not.toContain(token);
    expect(list.json().items).toContainEqual(expect.objectContaining({ id, name: 'Reseller 2 portal', role: 'reseller', revokedAt: null }));
    const row = await stack.db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.tokenHash).not.toContain(token);

    expect((await admin('DELETE', `/api/v1/tokens/${id}`)).json().revokedAt).not.toBeNull();
    const after = await stack.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
    expect((await admin('GET', '/api/v1/tokens')).json().items.map((t: { id: string }) => t.id)).not.toContain(id);
    expect((await admin('GET', '/api/v1/tokens?includeRevoked=true')).json().items.map((t: { id: string }) => t.id)).toContain(id);
    expect(stack.logText()).not.toContain(token);
  });

  it('refuses a token for an account of the wrong kind or one discovery has not seen', async () => {
    const wrongKind = await admin('POST', '/api/v1/tokens', { name: 'x', role: 'client', account: `${stack.pleskServer}/reseller/2` });
    expect(wrongKind.json()).toMatchObject({ field: 'body.account' });
    const missing = await admin('POST', '/api/v1/tokens', { name: 'x', role: 'client', account: `${stack.pleskServer}/client/999` });
    expect(missing.statusCode).toBe(422);
    const adminWithAccount = await admin('POST', '/api/v1/tokens', { name: 'x', role: 'admin', account: `${stack.pleskServer}/client/6` });
    expect(adminWithAccount.statusCode).toBe(400);
    const noAccount = await admin('POST', '/api/v1/tokens', { name: 'x', role: 'mailbox' });
    expect(noAccount.json().field).toBe('body.account');
    const anotherAdmin = await admin('POST', '/api/v1/tokens', { name: 'second admin', role: 'admin' });
    const token = anotherAdmin.json().token as string;
    expect((await stack.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
  });

  it('stops a token whose Plesk account vanished', async () => {
    const created = (
      await admin('POST', '/api/v1/tokens', { name: 'client 8', role: 'client', account: `${stack.pleskServer}/client/8` })
    ).json();
    await stack.db.pleskAccount.update({
      where: { pleskServer_kind_pleskId: { pleskServer: stack.pleskServer, kind: 'client', pleskId: '8' } },
      data: { vanishedAt: new Date() },
    });
    const reply = await stack.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${created.token as string}` },
    });
    expect(reply.statusCode).toBe(401);
    expect(reply.json().message).toBe('The Plesk account of this token no longer exists');
  });

  it('answers a fault of its own with 500 and no internals', async () => {
    const original = stack.app.services.db.settings.findUnique;
    stack.app.services.db.settings.findUnique = (() => Promise.reject(new Error('connection to 10.0.0.7:5432 refused'))) as never;
    try {
      const reply = await admin('GET', url);
      expect(reply.statusCode).toBe(500);
      expect(reply.json()).toEqual({ error: 'internal', message: 'Something went wrong on our side; the details are in the server log.' });
    } finally {
      stack.app.services.db.settings.findUnique = original;
    }
  });
});
