import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, startTestSim, type TestSim } from './helpers';
import { NS, rawCall, schemaProblems, type RawAnswer } from './raw-soap';

/**
 * Permissions, limits, templates and regions through the calls of the 2.5.1 schema, each written
 * by hand from the schema (not from our client): elements in the namespace of the schema that
 * declares them, in sequence order; answers checked for their namespaces and, with xmllint,
 * validated against the repo's XSDs.
 */
describe('the VoipNow simulator serves permissions, limits, templates and regions as the 2.5.1 schema shapes them', () => {
  let t: TestSim;
  let reseller: number;
  let client: number;
  let phone: number;
  const asReseller = { username: 'pl-reseller', password: GOOD_PASSWORD };

  beforeAll(async () => {
    t = await startTestSim();
    const seeded = t.sim.seed({
      templates: [
        { name: 'Phones', level: 100, permissions: ['sipManag'] },
        { name: 'Queues', level: 100, extensionType: 'queue' },
      ],
      accounts: [
        {
          kind: 'reseller',
          login: 'pl-reseller',
          password: GOOD_PASSWORD,
          limits: { clientMax: 5 },
          accounts: [{ kind: 'client', login: 'pl-client', password: GOOD_PASSWORD, accounts: [{ kind: 'extension', login: 'pl-phone' }] }],
        },
      ],
    });
    [reseller, client, phone] = seeded.accounts.map((a) => a.ID) as [number, number, number];
  });
  afterAll(async () => {
    await t.stop();
  });

  async function expectValid(answer: RawAnswer): Promise<void> {
    expect(await schemaProblems(answer.xml)).toBe('');
  }

  it('SetResellerPL sets the permissions and limits it names, limits as common:unlimitedUInt', async () => {
    const answer = await rawCall(
      t.sim.url,
      'reseller',
      `<rm:SetResellerPLRequest>
      <cd:permsManag>1</cd:permsManag><cd:extensionManag>true</cd:extensionManag><cd:MyVoipNowManag>standard</cd:MyVoipNowManag>
      <cd:phoneExtMax>20</cd:phoneExtMax><cd:faxStorage unlimited="true"/>
      <rd:clientManag>1</rd:clientManag><rd:clientMax unlimited="false">3</rd:clientMax><rd:ID>${reseller}</rd:ID>
    </rm:SetResellerPLRequest>`,
    );
    expect(answer.status).toBe(200);
    expect(answer.namespaces.get('SetResellerPLResponse')).toBe(NS.resellerMessages);
    expect(answer.namespaces.get('result')).toBe(NS.common);
    expect(answer.body).toMatchObject({ ID: String(reseller), result: 'success' });
    await expectValid(answer);
    const stored = t.sim.state.account(reseller)!;
    expect(stored.limits).toEqual({ clientMax: 3, phoneExtMax: 20, faxStorage: null });
    expect([...stored.permissions].sort()).toEqual(['clientManag', 'extensionManag', 'permsManag']);
    expect(stored.plChoices).toEqual({ MyVoipNowManag: 'standard' });
  });

  it("GetResellerPL answers every permission and limit, inherited ones in ClientData and the reseller's own in ResellerData", async () => {
    const answer = await rawCall(t.sim.url, 'reseller', `<rm:GetResellerPLRequest><rm:ID>${reseller}</rm:ID></rm:GetResellerPLRequest>`);
    expect(answer.status).toBe(200);
    expect(answer.namespaces.get('GetResellerPLResponse')).toBe(NS.resellerMessages);
    expect(answer.namespaces.get('userPL')).toBe(NS.resellerMessagesInfo);
    expect(answer.namespaces.get('permsManag')).toBe(NS.clientData);
    expect(answer.namespaces.get('clientMax')).toBe(NS.resellerData);
    const pl = answer.body.userPL as Record<string, unknown>;
    expect(pl).toMatchObject({
      permsManag: 'true',
      sipManag: 'false',
      clientManag: 'true',
      MyVoipNowManag: 'standard',
      ProvisionManag: '0',
      ID: String(reseller),
    });
    expect(pl.clientMax).toEqual({ '#text': '3', '@unlimited': 'false' });
    expect(pl.faxStorage).toEqual({ '#text': '0', '@unlimited': 'true' });
    expect(pl.queueExtMax).toEqual({ '#text': '0', '@unlimited': 'false' });
    await expectValid(answer);
  });

  it('UpdateResellerPL raises, lowers and sets limits with common:limit', async () => {
    const answer = await rawCall(
      t.sim.url,
      'reseller',
      `<rm:UpdateResellerPLRequest>
      <cd:phoneExtMax><common:increase>5</common:increase></cd:phoneExtMax><cd:mailboxMax><common:value>7</common:value></cd:mailboxMax>
      <cd:faxStorage><common:decrease>1</common:decrease></cd:faxStorage>
      <rd:clientMax><common:decrease>1</common:decrease></rd:clientMax><rd:ID>${reseller}</rd:ID>
    </rm:UpdateResellerPLRequest>`,
    );
    expect(answer.status).toBe(200);
    expect(answer.namespaces.get('UpdateResellerPLResponse')).toBe(NS.resellerMessages);
    await expectValid(answer);
    expect(t.sim.state.account(reseller)!.limits).toEqual({ clientMax: 2, phoneExtMax: 25, mailboxMax: 7, faxStorage: null });
  });

  it("SetClientPL lets the owning reseller set a client's limits, and the new limit caps the client's extensions", async () => {
    const answer = await rawCall(
      t.sim.url,
      'client',
      `<cm:SetClientPLRequest>
      <cd:extensionManag>1</cd:extensionManag><cd:ProvisionManag>4</cd:ProvisionManag><cd:phoneExtMax>1</cd:phoneExtMax><cm:ID>${client}</cm:ID>
    </cm:SetClientPLRequest>`,
      asReseller,
    );
    expect(answer.status).toBe(200);
    expect(answer.namespaces.get('SetClientPLResponse')).toBe(NS.clientMessages);
    expect(answer.body).toMatchObject({ result: 'success' });
    await expectValid(answer);
    expect(t.sim.state.account(client)!.limits).toEqual({ phoneExtMax: 1 });
    // The client already has one phone: a second one exceeds the limit.
    const add = await rawCall(
      t.sim.url,
      'extension',
      `<em:AddExtensionRequest><cd:login>second-phone</cd:login><cd:password>${GOOD_PASSWORD}</cd:password><em:parentID>${client}</em:parentID></em:AddExtensionRequest>`,
    );
    expect(add.status).toBe(500);
    expect(add.body).toMatchObject({ faultstring: 'Unable to add any more users. The limit has been exceeded.' });
  });

  it('refuses a client setting its own permissions and limits (250), as only its owners may', async () => {
    const answer = await rawCall(
      t.sim.url,
      'client',
      `<cm:SetClientPLRequest><cd:phoneExtMax>99</cd:phoneExtMax><cm:ID>${client}</cm:ID></cm:SetClientPLRequest>`,
      {
        username: 'pl-client',
        password: GOOD_PASSWORD,
      },
    );
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ faultcode: '250' });
  });

  it("GetClientPL answers the client's permissions and limits in userPL", async () => {
    const answer = await rawCall(
      t.sim.url,
      'client',
      `<cm:GetClientPLRequest><cm:identifier>${t.sim.state.account(client)!.identifier}</cm:identifier></cm:GetClientPLRequest>`,
    );
    expect(answer.status).toBe(200);
    expect(answer.namespaces.get('userPL')).toBe(NS.clientMessagesInfo);
    expect(answer.namespaces.get('phoneExtMax')).toBe(NS.clientData);
    expect(answer.body.userPL).toMatchObject({
      extensionManag: 'true',
      ProvisionManag: '4',
      phoneExtMax: { '#text': '1', '@unlimited': 'false' },
    });
    expect(answer.body.userPL).not.toHaveProperty('clientMax');
    await expectValid(answer);
  });

  it('UpdateClientPL makes a limit unlimited, and the client may then add extensions freely', async () => {
    const answer = await rawCall(
      t.sim.url,
      'client',
      `<cm:UpdateClientPLRequest><cd:phoneExtMax><common:unlimited>true</common:unlimited></cd:phoneExtMax><cm:ID>${client}</cm:ID></cm:UpdateClientPLRequest>`,
    );
    expect(answer.status).toBe(200);
    await expectValid(answer);
    expect(t.sim.state.account(client)!.limits.phoneExtMax).toBeNull();
    const add = await rawCall(
      t.sim.url,
      'extension',
      `<em:AddExtensionRequest><cd:login>second-phone</cd:login><cd:password>${GOOD_PASSWORD}</cd:password><em:parentID>${client}</em:parentID></em:AddExtensionRequest>`,
    );
    expect(add.status).toBe(200);
  });

  it("SetExtensionPL sets a phone terminal's permissions and limits, and ignores with a notice those of other extension types", async () => {
    const answer = await rawCall(
      t.sim.url,
      'extension',
      `<em:SetExtensionPLRequest>
      <ed:ID>${phone}</ed:ID><ed:sipManag>1</ed:sipManag><ed:concurentCalls>2</ed:concurentCalls><ed:queueMembersMax>5</ed:queueMembersMax>
      <ed:level>premium</ed:level><ed:recordCalls>group</ed:recordCalls>
    </em:SetExtensionPLRequest>`,
    );
    expect(answer.status).toBe(200);
    expect(answer.namespaces.get('SetExtensionPLResponse')).toBe(NS.extensionMessages);
    expect(answer.body).toMatchObject({
      result: 'partial',
      notice: { message: 'queueMembersMax applies to queue extensions only; ignored.' },
    });
    await expectValid(answer);
    const stored = t.sim.state.account(phone)!;
    expect(stored.limits).toEqual({ concurentCalls: 2 });
    expect(stored.permissions).toEqual(['sipManag']);
  });

  it('GetExtensionPL answers them in extensionPL, fields in ExtensionData', async () => {
    const answer = await rawCall(t.sim.url, 'extension', `<em:GetExtensionPLRequest><em:ID>${phone}</em:ID></em:GetExtensionPLRequest>`);
    expect(answer.status).toBe(200);
    expect(answer.namespaces.get('extensionPL')).toBe(NS.extensionMessagesInfo);
    expect(answer.namespaces.get('sipManag')).toBe(NS.extensionData);
    expect(answer.body.extensionPL).toMatchObject({
      ID: String(phone),
      sipManag: 'true',
      multiUser: 'false',
      level: 'premium',
      recordCalls: 'group',
      pickupCalls: 'own',
      concurentCalls: { '#text': '2', '@unlimited': 'false' },
    });
    await expectValid(answer);
  });

  it('refuses a malformed limit with the documented missing-parameter code (117)', async () => {
    const answer = await rawCall(
      t.sim.url,
      'extension',
      `<em:SetExtensionPLRequest><ed:ID>${phone}</ed:ID><ed:concurentCalls>many</ed:concurentCalls></em:SetExtensionPLRequest>`,
    );
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ faultcode: '117', faultstring: 'Malformed parameter concurentCalls: expected a number.' });
  });

  it('GetTemplates lists extension templates by extension type', async () => {
    const answer = await rawCall(
      t.sim.url,
      'pbx',
      '<pm:GetTemplatesRequest><pm:userLevel>100</pm:userLevel><pm:extensionType>queue</pm:extensionType></pm:GetTemplatesRequest>',
    );
    expect(answer.status).toBe(200);
    expect(answer.namespaces.get('template')).toBe(NS.pbxMessagesInfo);
    expect(answer.namespaces.get('userLevel')).toBe(NS.pbxData);
    expect(answer.body.template).toMatchObject({ name: 'Queues', userLevel: '100', extensionType: 'queue' });
    await expectValid(answer);
  });

  it("GetRegions lists a country's regions with numeric IDs, an empty list with notice 030 for a country without regions, and 301 for no country", async () => {
    const answer = await rawCall(
      t.sim.url,
      'pbx',
      '<pm:GetRegionsRequest><pm:code>US</pm:code><pm:region>new</pm:region></pm:GetRegionsRequest>',
    );
    expect(answer.status).toBe(200);
    expect(answer.namespaces.get('region')).toBe(NS.pbxMessages);
    expect(answer.body.region).toEqual({ ID: expect.stringMatching(/^\d+$/), name: 'New York', default: 'false' });
    await expectValid(answer);
    const none = await rawCall(t.sim.url, 'pbx', '<pm:GetRegionsRequest><pm:code>JP</pm:code></pm:GetRegionsRequest>');
    expect(none.body).toEqual({ notice: { message: 'No records found.', code: '030' } });
    const wrong = await rawCall(t.sim.url, 'pbx', '<pm:GetRegionsRequest><pm:code>XX</pm:code></pm:GetRegionsRequest>');
    expect(wrong.body).toMatchObject({ faultcode: '301', faultstring: 'Invalid country code: XX.' });
  });
});
