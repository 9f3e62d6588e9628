/**
 * Issue 11 rule 5: a new account may only be made from a template of its VoipNow parent, not of
 * its ancestors or the admin (domain/templates.ts templateOwner). The engine offers and checks only
 * the parent's templates, the API lists only those, saving another is refused naming it, and the
 * VoipNow simulator refuses an ancestor's template as the server does (fault 252).
 */
import { ADMIN_ID } from '../../simulators/voipnow/state';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyToString, type AccountKey } from '../../domain';
import { startApiStack, type ApiStack } from '../support/api';
import { createTestVoipnowClient } from '../support/voipnow-client';

describe('templates of the VoipNow parent only', () => {
  let stack: ApiStack;
  let customer: AccountKey;
  let domain: AccountKey;
  let resellerId: number;
  let adminOnlyId: number;

  const call = (method: 'GET' | 'POST' | 'PUT', path: string, payload?: object) =>
    stack.app.inject({
      method,
      url: `/api/v1/accounts/${path}${method === 'POST' ? '?wait=30' : ''}`,
      headers: stack.headers('admin'),
      ...(payload ? { payload } : {}),
    });

  beforeAll(async () => {
    stack = await startApiStack();
    const server = stack.pleskServer;
    customer = { pleskServer: server, kind: 'client', pleskId: '6' };
    const row = await stack.db.pleskAccount.findFirstOrThrow({
      where: { pleskServer: server, kind: 'domain', ownerKind: 'client', ownerId: '6' },
      orderBy: { pleskId: 'asc' },
    });
    domain = { pleskServer: server, kind: 'domain', pleskId: row.pleskId };
    // No manual client template: a manual replication of a domain asks which template to use.
    const patched = await stack.app.inject({
      method: 'PATCH',
      url: `/api/v1/settings/${server}`,
      headers: stack.headers('admin'),
      payload: { manualReplication: { templates: { client: null } } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    await stack.stopWorker();
    await stack.startWorker();

    // The Plesk client becomes a VoipNow reseller made from the admin's reseller template; the
    // simulator's operator stand-in gives it the admin's client and extension templates (decision 093).
    const made = await call('POST', `${keyToString(customer)}/replicate`, { template: { name: 'Reseller' } });
    expect(made.statusCode, made.body).toBe(200);
    resellerId = made.json().result.voipnowId as number;
    // A client template only the admin has, made after the reseller: never the reseller's.
    const seeded = stack.voipnow.seed({ templates: [{ name: 'Admin only client', level: 50 }] });
    adminOnlyId = seeded.templates.find((t) => t.name === 'Admin only client')!.ID;
  });
  afterAll(async () => {
    await stack?.closeAll();
  });

  it("a client under a replicated reseller is offered only the reseller's templates", async () => {
    const asked = await call('POST', `${keyToString(domain)}/replicate`);
    expect(asked.statusCode, asked.body).toBe(409);
    const offered = asked.json().templates as { id: number; name: string }[];
    expect(offered.map((t) => t.name)).toEqual(['Business client']);
    for (const t of offered) expect(stack.voipnow.state.templates.find((s) => s.ID === t.id)?.ownerID).toBe(resellerId);

    const listed = await call('GET', `${keyToString(customer)}/templates`);
    expect(listed.statusCode, listed.body).toBe(200);
    const available = listed.json().available as { client: { id: number }[]; extension: { id: number }[] };
    for (const t of [...available.client, ...available.extension])
      expect(stack.voipnow.state.templates.find((s) => s.ID === t.id)?.ownerID).toBe(resellerId);
    expect(available.client.length).toBe(1);
  });

  it('an admin template is not offered for it and is refused when asked for', async () => {
    const refused = await call('POST', `${keyToString(domain)}/replicate`, { template: { name: 'Admin only client' } });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ error: 'invalidTemplate' });
    expect(refused.json().message).not.toContain('Error:');
    const byId = await call('POST', `${keyToString(domain)}/replicate`, { template: { id: adminOnlyId } });
    expect(byId.statusCode, byId.body).toBe(422);

    // VoipNow itself refuses an ancestor's template (fault 252), not only the engine.
    const soap = await createTestVoipnowClient({
      url: stack.voipnow.url,
      auth: { method: 'password', username: 'admin', password: 'VoipNow-Test-2026' },
      timeoutMs: 5000,
    });
    await expect(
      soap.addClient({
        login: 'parentonly',
        password: 'Parent#Only-2026',
        name: 'Parent Only',
        parentId: resellerId,
        templateId: adminOnlyId,
      }),
    ).rejects.toThrow(/252|template/i);
  });

  it('saving a template preference not in the list is refused, naming the template', async () => {
    const refused = await call('PUT', `${keyToString(customer)}/templates`, { client: 'Admin only client' });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ error: 'invalidTemplate', message: expect.stringContaining('"Admin only client"') });
    const saved = await call('PUT', `${keyToString(customer)}/templates`, { client: 'Business client' });
    expect(saved.statusCode, saved.body).toBe(200);
  });

  it('saving a reseller template setting the admin does not have is refused, naming it', async () => {
    const patch = (payload: object) =>
      stack.app.inject({ method: 'PATCH', url: `/api/v1/settings/${stack.pleskServer}`, headers: stack.headers('admin'), payload });
    const refused = await patch({ automaticReplication: { templates: { reseller: 'Business client' } } });
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ error: 'invalidTemplate', message: expect.stringContaining('"Business client"') });
    const saved = await patch({ manualReplication: { templates: { reseller: 'Reseller' } } });
    expect(saved.statusCode, saved.body).toBe(200);
  });

  it("replicates the client with the reseller's own template", async () => {
    const made = await call('POST', `${keyToString(domain)}/replicate`, { template: { name: 'Business client' } });
    expect(made.statusCode, made.body).toBe(200);
    const account = stack.voipnow.state.account(made.json().result.voipnowId as number)!;
    expect(stack.voipnow.state.templates.find((t) => t.ID === account.templateID)?.ownerID).toBe(resellerId);
  });

  it('a chosen template that disappears from VoipNow later is reported with the preferences', async () => {
    const templates = stack.voipnow.state.templates as unknown as { ownerID: number; name: string }[];
    templates.splice(
      templates.findIndex((t) => t.ownerID === resellerId && t.name === 'Business client'),
      1,
    );
    // A new settings version: the API asks VoipNow afresh instead of its list of a minute ago.
    const patched = await stack.app.inject({
      method: 'PATCH',
      url: `/api/v1/settings/${stack.pleskServer}`,
      headers: stack.headers('admin'),
      payload: { soap: { timeoutSeconds: 6 } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const view = await call('GET', `${keyToString(customer)}/templates`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.json()).toMatchObject({
      client: 'Business client',
      missing: ['The client template "Business client" (its choice) does not exist in its VoipNow account'],
    });
    // Without its own choice, the settings' template for its domains is the one reported.
    expect((await call('PUT', `${keyToString(customer)}/templates`, { client: null })).statusCode).toBe(200);
    expect((await call('GET', `${keyToString(customer)}/templates`)).json().missing).toEqual([
      'The client template "Business client" (automatic replication settings) does not exist in its VoipNow account',
    ]);
  });

  it('a reseller template of the settings that disappears from VoipNow later is reported with the settings', async () => {
    const settingsUrl = `/api/v1/settings/${stack.pleskServer}`;
    const before = await stack.app.inject({ method: 'GET', url: settingsUrl, headers: stack.headers('admin') });
    expect(before.json().templateWarnings).toBeUndefined();
    const templates = stack.voipnow.state.templates as unknown as { ownerID: number; name: string; ID: number }[];
    const index = templates.findIndex((t) => t.ownerID === ADMIN_ID && t.name === before.json().automaticReplication.templates.reseller);
    expect(index, 'the admin owns the reseller template the settings name').toBeGreaterThanOrEqual(0);
    const [removed] = templates.splice(index, 1);
    const patched = await stack.app.inject({
      method: 'PATCH',
      url: settingsUrl,
      headers: stack.headers('admin'),
      payload: { soap: { timeoutSeconds: 7 } },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const after = await stack.app.inject({ method: 'GET', url: settingsUrl, headers: stack.headers('admin') });
    expect(after.json().templateWarnings).toContain(
      `The reseller template "${removed!.name}" (automatic replication) no longer exists in VoipNow: choose another one`,
    );
  });
});
