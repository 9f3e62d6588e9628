import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GOOD_PASSWORD, startTestSim, type TestSim } from './helpers';
import { NS, rawCall, schemaProblems, xmllintMissing } from './raw-soap';

/**
 * Every operation the simulator serves, called with a hand-written envelope: its answer must be
 * valid against the repo's 2.5.1 XSDs (checked with xmllint, an independent validator). Also the
 * checks that only a hand-written request reaches: extension types and the charging identifier.
 */
describe('the VoipNow simulator answers every operation as the 2.5.1 schema declares it', () => {
  let t: TestSim;
  let reseller: number;
  let other: number;
  let client: number;
  let phone: number;

  beforeAll(async () => {
    t = await startTestSim();
    const seeded = t.sim.seed({
      accounts: [
        {
          kind: 'reseller',
          login: 'schema-reseller',
          limits: { clientMax: 5 },
          accounts: [
            {
              kind: 'client',
              login: 'schema-client',
              limits: { phoneExtMax: null },
              // The client's own: an extension may only be made from its parent's templates (issue 11 rule 5).
              templates: [
                { name: 'Queues', level: 100, extensionType: 'queue' },
                { name: 'Phones', level: 100 },
              ],
              accounts: [{ kind: 'extension', login: 'schema-phone' }],
            },
          ],
        },
        { kind: 'reseller', login: 'schema-other', limits: { clientMax: 5 } },
      ],
    });
    [reseller, client, phone, other] = seeded.accounts.map((a) => a.ID) as [number, number, number, number];
  });
  afterAll(async () => {
    await t.stop();
  });

  const contact = (login: string) =>
    `<cd:name>Schema Test</cd:name><cd:company>Schema Ltd</cd:company><cd:login>${login}</cd:login><cd:password>${GOOD_PASSWORD}</cd:password>` +
    '<cd:phone>+1 555 0100</cd:phone><cd:email>schema@example.com</cd:email><cd:city>Austin</cd:city><cd:country>US</cd:country>';

  // The test command installs xmllint (scripts/system-packages.ts): a missing one is a failure here, not a skip.
  it('answers each operation with a body valid against the XSDs', async () => {
    expect(xmllintMissing, 'xmllint is needed to validate against the XSDs').toBeUndefined();
    const calls: [Parameters<typeof rawCall>[1], string][] = [
      ['pbx', '<pm:PingRequest>ping</pm:PingRequest>'],
      ['pbx', '<pm:GetInterfaceLangRequest></pm:GetInterfaceLangRequest>'],
      ['pbx', '<pm:GetTemplatesRequest><pm:userLevel>100</pm:userLevel></pm:GetTemplatesRequest>'],
      ['pbx', '<pm:GetRegionsRequest><pm:code>DE</pm:code></pm:GetRegionsRequest>'],
      ['reseller', `<rm:AddResellerRequest>${contact('schema-new-reseller')}</rm:AddResellerRequest>`],
      ['reseller', '<rm:GetResellersRequest><rm:filter>schema</rm:filter></rm:GetResellersRequest>'],
      ['reseller', `<rm:GetResellerDetailsRequest><rm:ID>${reseller}</rm:ID></rm:GetResellerDetailsRequest>`],
      ['reseller', `<rm:EditResellerRequest><cd:name>Renamed</cd:name><rm:ID>${reseller}</rm:ID></rm:EditResellerRequest>`],
      [
        'reseller',
        `<rm:SetResellerStatusRequest><rm:status>1</rm:status><rm:phoneStatus>16</rm:phoneStatus><rm:ID>${reseller}</rm:ID></rm:SetResellerStatusRequest>`,
      ],
      [
        'client',
        `<cm:AddClientRequest>${contact('schema-new-client')}<cm:identifier>schema-7</cm:identifier><cm:parentID>${reseller}</cm:parentID></cm:AddClientRequest>`,
      ],
      ['client', `<cm:GetClientsRequest><cm:parentID>${reseller}</cm:parentID></cm:GetClientsRequest>`],
      ['client', `<cm:GetClientDetailsRequest><cm:ID>${client}</cm:ID></cm:GetClientDetailsRequest>`],
      ['client', `<cm:EditClientRequest><cd:city>Dallas</cd:city><cm:ID>${client}</cm:ID></cm:EditClientRequest>`],
      [
        'client',
        '<cm:MoveClientsRequest><cm:resellerID>' +
          other +
          '</cm:resellerID><cm:identifier>schema-7</cm:identifier></cm:MoveClientsRequest>',
      ],
      ['client', '<cm:DelClientRequest><cm:identifier>schema-7</cm:identifier></cm:DelClientRequest>'],
      [
        'extension',
        `<em:AddExtensionRequest>${contact('schema-new-phone')}<ed:phoneLang>en</ed:phoneLang><em:parentID>${client}</em:parentID></em:AddExtensionRequest>`,
      ],
      [
        'extension',
        `<em:GetExtensionsRequest><em:extensionType>term</em:extensionType><em:parentID>${client}</em:parentID></em:GetExtensionsRequest>`,
      ],
      ['extension', `<em:GetExtensionDetailsRequest><em:ID>${phone}</em:ID></em:GetExtensionDetailsRequest>`],
      ['extension', `<em:EditExtensionRequest><ed:phoneLang>de</ed:phoneLang><em:ID>${phone}</em:ID></em:EditExtensionRequest>`],
      ['extension', `<em:SetExtensionStatusRequest><em:status>0</em:status><em:ID>${phone}</em:ID></em:SetExtensionStatusRequest>`],
      ['reseller', '<rm:DelResellerRequest><rm:ID>' + other + '</rm:ID></rm:DelResellerRequest>'],
    ];
    for (const [agent, body] of calls) {
      const answer = await rawCall(t.sim.url, agent, body);
      expect(answer.status, `${body}\n${answer.xml}`).toBe(200);
      expect(await schemaProblems(answer.xml), body).toBe('');
    }
  });

  it("records an extension's type, refuses a type the schema does not have (no documented code), and one the license excludes (051)", async () => {
    const add = (login: string, type: string, template = '') =>
      rawCall(
        t.sim.url,
        'extension',
        `<em:AddExtensionRequest><cd:login>${login}</cd:login><cd:password>${GOOD_PASSWORD}</cd:password>${template}<em:extensionType>${type}</em:extensionType><em:parentID>${client}</em:parentID></em:AddExtensionRequest>`,
      );
    const queue = await add('schema-queue', 'queue', '<em:templateID>1</em:templateID>');
    expect(queue.status).toBe(200);
    expect(queue.body).toMatchObject({ extensionType: 'queue' });
    expect(queue.namespaces.get('extensionType')).toBe(NS.extensionMessagesInfo);

    const fax = await add('schema-fax', 'fax');
    expect(fax.body).toMatchObject({ faultcode: 'soap:Client', faultstring: 'Invalid extension type: fax.' });

    const wrongTemplate = await add('schema-term', 'term', '<em:templateID>1</em:templateID>');
    expect(wrongTemplate.body).toMatchObject({ faultcode: '252' });

    t.sim.configure({ phoneTerminalsOnly: true });
    try {
      expect((await add('schema-ivr', 'ivr')).body).toMatchObject({
        faultcode: '051',
        faultstring: 'The license allows only phone terminal extensions.',
      });
      expect((await add('schema-term', 'term', '<em:templateID>2</em:templateID>')).status).toBe(200);
    } finally {
      t.sim.configure({ phoneTerminalsOnly: false });
    }
  });

  it('refuses a malformed charging identifier with the documented code (303)', async () => {
    const answer = await rawCall(
      t.sim.url,
      'reseller',
      `<rm:AddResellerRequest><cd:login>schema-charge</cd:login><cd:password>${GOOD_PASSWORD}</cd:password><cd:chargingIdentifier>a b</cd:chargingIdentifier></rm:AddResellerRequest>`,
    );
    expect(answer.body).toMatchObject({ faultcode: '303', detail: { code: '303' } });
  });
});
