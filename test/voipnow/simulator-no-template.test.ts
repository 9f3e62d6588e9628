import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, startTestSim, type TestSim } from './helpers';
import { NS, rawCall, schemaProblems, type RawAnswer } from './raw-soap';

/**
 * What the engine sends for an account made without a template (issue 11 rule 6), written by hand
 * from the 2.5.1 schema, not from our client: AddExtension naming its extensionType, and Set<X>PL
 * turning everything off with limits written as common:unlimitedUInt with unlimited="false" (the
 * attribute's default is true). The simulator here gives template-less accounts server defaults.
 */
describe('the VoipNow simulator stores what an account made without a template is set to', () => {
  let t: TestSim;
  let client: number;

  beforeAll(async () => {
    t = await startTestSim({ defaultsWithoutTemplate: true });
  });
  afterAll(async () => {
    await t.stop();
  });

  async function expectValid(answer: RawAnswer): Promise<void> {
    expect(await schemaProblems(answer.xml)).toBe('');
  }

  it('AddClient without templateID gives the server defaults, which SetClientPL then turns off and to 0', async () => {
    const add = await rawCall(
      t.sim.url,
      'client',
      `<cm:AddClientRequest><cd:name>No Template</cd:name><cd:login>no-template-client</cd:login><cd:password>${GOOD_PASSWORD}</cd:password></cm:AddClientRequest>`,
    );
    expect(add.status).toBe(200);
    client = Number(add.body.ID);
    expect(t.sim.state.account(client)!.limits.phoneExtMax).toBe(10);
    expect(t.sim.state.account(client)!.permissions).toContain('extensionManag');

    const set = await rawCall(
      t.sim.url,
      'client',
      `<cm:SetClientPLRequest>
      <cd:permsManag>false</cd:permsManag><cd:extensionManag>false</cd:extensionManag><cd:sipManag>false</cd:sipManag>
      <cd:MyVoipNowManag>none</cd:MyVoipNowManag><cd:ProvisionManag>0</cd:ProvisionManag>
      <cd:phoneExtMax unlimited="false">0</cd:phoneExtMax><cd:queueExtMax unlimited="false">0</cd:queueExtMax>
      <cd:concurentCalls unlimited="false">0</cd:concurentCalls>
      <cm:ID>${client}</cm:ID>
    </cm:SetClientPLRequest>`,
    );
    expect(set.status).toBe(200);
    expect(set.namespaces.get('SetClientPLResponse')).toBe(NS.clientMessages);
    expect(set.body).toMatchObject({ ID: String(client), result: 'success' });
    await expectValid(set);
    const stored = t.sim.state.account(client)!;
    expect(stored.limits).toEqual({ phoneExtMax: 0, queueExtMax: 0, concurentCalls: 0 });
    expect(stored.permissions).toEqual([]);
    expect(stored.plChoices).toMatchObject({ MyVoipNowManag: 'none', ProvisionManag: '0' });

    const read = await rawCall(t.sim.url, 'client', `<cm:GetClientPLRequest><cm:ID>${client}</cm:ID></cm:GetClientPLRequest>`);
    expect(read.body.userPL).toMatchObject({
      extensionManag: 'false',
      phoneExtMax: { '#text': '0', '@unlimited': 'false' },
      concurentCalls: { '#text': '0', '@unlimited': 'false' },
    });
    await expectValid(read);
  });

  it('AddExtension records the extensionType the request names, and the default (term) when it names none', async () => {
    t.sim.state.updateAccount(t.sim.state.account(client)!, { limits: { phoneExtMax: null } });
    const named = await rawCall(
      t.sim.url,
      'extension',
      `<em:AddExtensionRequest><cd:login>typed-phone</cd:login><cd:password>${GOOD_PASSWORD}</cd:password><em:extensionType>term</em:extensionType><em:parentID>${client}</em:parentID></em:AddExtensionRequest>`,
    );
    expect(named.status).toBe(200);
    await expectValid(named);
    const typed = t.sim.state.account(Number(named.body.ID))!;
    expect(typed).toMatchObject({ extensionType: 'term', extensionTypeSent: 'term' });

    const unnamed = await rawCall(
      t.sim.url,
      'extension',
      `<em:AddExtensionRequest><cd:login>untyped-phone</cd:login><cd:password>${GOOD_PASSWORD}</cd:password><em:parentID>${client}</em:parentID></em:AddExtensionRequest>`,
    );
    expect(unnamed.status).toBe(200);
    const untyped = t.sim.state.account(Number(unnamed.body.ID))!;
    expect(untyped.extensionType).toBe('term');
    expect(untyped.extensionTypeSent).toBeUndefined();
  });

  it("SetExtensionPL turns a phone terminal's permissions off and its limits to 0", async () => {
    const phone = t.sim.state.accountByLogin('typed-phone')!;
    expect(phone.limits.concurentCalls).toBe(2); // the server default
    const set = await rawCall(
      t.sim.url,
      'extension',
      `<em:SetExtensionPLRequest>
      <ed:ID>${phone.ID}</ed:ID><ed:soundManag>false</ed:soundManag><ed:sipManag>false</ed:sipManag><ed:callAPIManag>false</ed:callAPIManag>
      <ed:soundStorage unlimited="false">0</ed:soundStorage><ed:concurentCalls unlimited="false">0</ed:concurentCalls><ed:level>none</ed:level>
    </em:SetExtensionPLRequest>`,
    );
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ result: 'success' });
    await expectValid(set);
    const stored = t.sim.state.account(phone.ID)!;
    expect(stored.permissions).toEqual([]);
    expect(stored.limits).toEqual({ concurentCalls: 0, soundStorage: 0 });
  });
});
