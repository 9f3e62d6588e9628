import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestVoipnowClient as VoipnowClient } from '../support/voipnow-client';
import { APP, connect, GOOD_PASSWORD, startTestSim, type TestSim } from './helpers';

describe('VoipNow connector operations against the simulator', () => {
  let t: TestSim;
  let vn: VoipnowClient;
  let resellerTemplate: number;
  let clientTemplate: number;

  beforeAll(async () => {
    // A reseller or client made from a template gets its parent's lower-level templates (decision 093).
    t = await startTestSim({ operatorTemplates: true });
    const seeded = t.sim.seed({
      templates: [
        { name: 'Reseller Gold', level: 10, permissions: ['clientManag'], limits: { clientMax: 5 } },
        { name: 'Client Basic', level: 50, limits: { phoneExtMax: 3 } },
        { name: 'Phone', level: 100 },
      ],
    });
    [resellerTemplate, clientTemplate] = seeded.templates.map((tpl) => tpl.ID) as [number, number];
    vn = await connect(t.sim);
  });

  afterAll(async () => {
    vn.close();
    await t.stop();
  });

  it('checks the connection with Ping and reports brief server information', async () => {
    const brief = await vn.ping();
    expect(brief).toMatchObject({ version: '2.5.1', activSSO: true, charging: false, apis: [{ protocol: 'SOAP', version: '2.5.1' }] });
    expect(brief.title).toContain('VoipNow');
    expect(typeof brief.resellers).toBe('number');
  });

  it('lists the interface languages and marks the default one', async () => {
    const langs = await vn.getInterfaceLangs();
    expect(langs.map((l) => l.code)).toEqual(['en', 'de', 'fr', 'es', 'it', 'nl', 'ro']);
    expect(langs.filter((l) => l.isDefault).map((l) => l.code)).toEqual(['en']);
  });

  it('lists templates by level and owner', async () => {
    const resellerTemplates = await vn.getTemplates({ userLevel: 10 });
    expect(resellerTemplates).toEqual([expect.objectContaining({ id: resellerTemplate, name: 'Reseller Gold', level: 10, ownerId: 1 })]);
    expect(await vn.getTemplates({ userLevel: 50, userId: 1 })).toEqual([expect.objectContaining({ id: clientTemplate, level: 50 })]);
  });

  it('lists the regions of a country with their numeric IDs', async () => {
    const regions = await vn.getRegions('US', 'tex');
    expect(regions).toEqual([{ id: expect.any(Number), name: 'Texas', isDefault: false }]);
  });

  it('creates a reseller, a client under it and a phone terminal under the client, inheriting template limits', async () => {
    const reseller = await vn.addReseller({
      login: 'acme',
      password: GOOD_PASSWORD,
      name: 'Acme Hosting',
      company: 'Acme',
      email: 'ops@acme.example',
      phone: '+1 555 0100',
      city: 'Austin',
      country: 'US',
      interfaceLang: 'de',
      serverID: 'plesk1:reseller:1',
      templateId: resellerTemplate,
    });
    expect(reseller).toMatchObject({
      kind: 'reseller',
      login: 'acme',
      parentId: 1,
      templateId: resellerTemplate,
      status: true,
      serverID: 'plesk1:reseller:1',
      interfaceLang: 'de',
    });
    expect(reseller.id).toBeGreaterThan(1);

    // Only the parent's own templates may be used (issue 11 rule 5): the reseller's copy, not the admin's.
    await expect(
      vn.addClient({ login: 'acme-admin', password: GOOD_PASSWORD, parentId: reseller.id, templateId: clientTemplate }),
    ).rejects.toThrow();
    const resellersClientTemplate = (await vn.getTemplates({ userLevel: 50, userId: reseller.id }))[0]!.id;
    const client = await vn.addClient({
      login: 'acme-shop',
      password: GOOD_PASSWORD,
      parentId: reseller.id,
      templateId: resellersClientTemplate,
      serverID: 'plesk1:domain:7',
      identifier: 'plesk1-domain-7',
    });
    expect(client).toMatchObject({
      kind: 'client',
      parentId: reseller.id,
      identifier: 'plesk1-domain-7',
      templateId: resellersClientTemplate,
    });

    const extension = await vn.addExtension({
      login: 'info@shop.example',
      password: GOOD_PASSWORD,
      parentId: client.id,
      templateId: (await vn.getTemplates({ userLevel: 100, userId: client.id }))[0]!.id,
      serverID: 'plesk1:mailbox:9',
    });
    expect(extension).toMatchObject({ kind: 'extension', parentId: client.id, extensionType: 'term', extensionNo: '0001' });
    expect(extension.extensionId).toBeGreaterThan(0);
    expect(extension.id).toBeGreaterThan(client.id);

    const stored = t.sim.state.account(reseller.id);
    expect(stored?.limits).toEqual({ clientMax: 5 });
    expect(stored?.permissions).toEqual(['clientManag']);
  });

  it('reads details back, and answers null for an account that does not exist', async () => {
    const [reseller] = await vn.listResellers({ filter: 'acme' });
    const details = await vn.getResellerDetails(reseller!.id);
    expect(details).toMatchObject({ login: 'acme', name: 'Acme Hosting', company: 'Acme', city: 'Austin', country: 'US' });
    expect(details?.crDate).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await vn.getResellerDetails(99_999)).toBeNull();
    expect(await vn.getClientDetails(reseller!.id)).toBeNull(); // a reseller is not a client
    expect(await vn.getExtensionDetails(99_999)).toBeNull();
  });

  it('lists accounts by owner, SOAP tag and text, and an empty list when nothing matches', async () => {
    const [reseller] = await vn.listResellers({ serverID: 'plesk1:reseller:1' });
    expect(reseller).toMatchObject({ kind: 'reseller', login: 'acme' });
    const clients = await vn.listClients({ parentId: reseller!.id });
    expect(clients.map((c) => c.login)).toEqual(['acme-shop']);
    const extensions = await vn.listExtensions({ parentId: clients[0]!.id });
    expect(extensions).toEqual([expect.objectContaining({ login: 'info@shop.example', extensionNo: '1', extensionType: 'term' })]);
    expect(await vn.listResellers({ serverID: 'no-such-tag' })).toEqual([]);
    expect(await vn.listClients({ filter: 'nothing-like-this' })).toEqual([]);
  });

  it('finds an account by SOAP tag first, then by login, else null', async () => {
    expect(await vn.findAccount('client', { serverID: 'plesk1:domain:7', login: 'someone-else' })).toMatchObject({ login: 'acme-shop' });
    expect(await vn.findAccount('client', { serverID: 'plesk1:domain:404', login: 'ACME-SHOP' })).toMatchObject({
      serverID: 'plesk1:domain:7',
    });
    expect(await vn.findAccount('extension', { login: 'info@shop.example' })).toMatchObject({ kind: 'extension' });
    expect(await vn.findAccount('reseller', { serverID: 'plesk1:reseller:404', login: 'nobody' })).toBeNull();
  });

  it('edits an account, including its password', async () => {
    const client = (await vn.findAccount('client', { login: 'acme-shop' }))!;
    await vn.editClient(client.id, { name: 'Acme Shop', email: 'shop@acme.example', password: 'New#Harbor-842' });
    expect(await vn.getClientDetails(client.id)).toMatchObject({ name: 'Acme Shop', email: 'shop@acme.example', login: 'acme-shop' });
    const asClient = await connect(t.sim, { auth: { method: 'password', username: 'acme-shop', password: 'New#Harbor-842' } });
    try {
      expect((await asClient.listClients()).map((c) => c.login)).toEqual(['acme-shop']); // a client sees only itself
    } finally {
      asClient.close();
    }
    const reseller = (await vn.findAccount('reseller', { login: 'acme' }))!;
    await vn.editReseller(reseller.id, { phone: '+1 555 0199' });
    const extension = (await vn.findAccount('extension', { login: 'info@shop.example' }))!;
    await vn.editExtension(extension.id, { name: 'Info', phoneLang: 'fr' });
    expect(await vn.getExtensionDetails(extension.id)).toMatchObject({ name: 'Info', phoneLang: 'fr' });
  });

  it('suspends and enables accounts', async () => {
    const client = (await vn.findAccount('client', { login: 'acme-shop' }))!;
    await vn.setStatus('client', client.id, false);
    expect(await vn.getClientDetails(client.id)).toMatchObject({ status: false });
    await vn.setStatus('client', client.id, true);
    expect(await vn.getClientDetails(client.id)).toMatchObject({ status: true });
  });

  it('moves clients to another reseller', async () => {
    const target = await vn.addReseller({ login: 'beta', password: GOOD_PASSWORD, templateId: resellerTemplate });
    const client = (await vn.findAccount('client', { login: 'acme-shop' }))!;
    await vn.moveClients([client.id], target.id);
    expect(await vn.getClientDetails(client.id)).toMatchObject({ parentId: target.id });
    expect((await vn.listClients({ parentId: target.id })).map((c) => c.id)).toEqual([client.id]);
  });

  it('deletes extensions, clients and resellers (a reseller with everything below it)', async () => {
    const extension = (await vn.findAccount('extension', { login: 'info@shop.example' }))!;
    await vn.delExtension(extension.id);
    expect(await vn.getExtensionDetails(extension.id)).toBeNull();

    const beta = (await vn.findAccount('reseller', { login: 'beta' }))!;
    const client = (await vn.findAccount('client', { login: 'acme-shop' }))!;
    await vn.delReseller(beta.id);
    expect(await vn.getResellerDetails(beta.id)).toBeNull();
    expect(await vn.getClientDetails(client.id)).toBeNull();

    const orphan = await vn.addClient({
      login: 'solo',
      password: GOOD_PASSWORD,
      parentId: (await vn.findAccount('reseller', { login: 'acme' }))!.id,
    });
    await vn.delClient(orphan.id);
    expect(await vn.getClientDetails(orphan.id)).toBeNull();
  });

  it('authenticates with an application key and secret instead of a password', async () => {
    const byKey = await connect(t.sim, { auth: { method: 'key', appKey: APP.key, appSecret: APP.secret } });
    try {
      expect((await byKey.ping()).version).toBe('2.5.1');
    } finally {
      byKey.close();
    }
  });
});
