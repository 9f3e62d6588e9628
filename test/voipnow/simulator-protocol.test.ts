import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestSim, type TestSim } from './helpers';

const run = promisify(execFile);

/** A SOAP 1.1 AddReseller as a hand-written client would send it, namespaced as 4PSA's schemas say. */
function addResellerEnvelope(login: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
    xmlns:h="http://4psa.com/HeaderData.xsd/2.5.1"
    xmlns:rm="http://4psa.com/ResellerMessages.xsd/2.5.1"
    xmlns:cd="http://4psa.com/ClientData.xsd/2.5.1">
  <soapenv:Header>
    <h:userCredentials><h:username>${ADMIN.login}</h:username><h:password>${ADMIN.password}</h:password></h:userCredentials>
  </soapenv:Header>
  <soapenv:Body>
    <rm:AddResellerRequest>
      <cd:name>Hand Written</cd:name>
      <cd:login>${login}</cd:login>
      <cd:password>Hand#Made-2026</cd:password>
      <cd:email>${login}@example.com</cd:email>
      <cd:interfaceLang>en</cd:interfaceLang>
      <cd:serverID>plesk1:reseller:${login}</cd:serverID>
    </rm:AddResellerRequest>
  </soapenv:Body>
</soapenv:Envelope>`;
}

/** Elements by local name with their namespace URI, resolved by hand (the parser keeps prefixes). */
function namespacesOf(xml: string): Map<string, string> {
  const declared = new Map<string, string>();
  for (const m of xml.matchAll(/xmlns:([\w.-]+)="([^"]+)"/g)) declared.set(m[1]!, m[2]!);
  const found = new Map<string, string>();
  for (const m of xml.matchAll(/<([\w.-]+):([\w.-]+)[\s>/]/g)) if (!found.has(m[2]!)) found.set(m[2]!, declared.get(m[1]!) ?? '?');
  return found;
}

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false });

describe('the VoipNow simulator speaks SOAP 1.1 to any client', () => {
  let t: TestSim;
  let endpoint: string;

  beforeAll(async () => {
    t = await startTestSim();
    endpoint = `${t.sim.url}/soap2/reseller_agent.php`;
  });
  afterAll(async () => {
    await t.stop();
  });

  it('creates a reseller from a hand-written envelope sent with curl and returns its ID', async () => {
    const { stdout } = await run('curl', [
      '-sS',
      '-X',
      'POST',
      endpoint,
      '-H',
      'Content-Type: text/xml; charset=utf-8',
      '-H',
      'SOAPAction: "http://4psa.com/Reseller/2.5.1:addResellerIn"',
      '--data-binary',
      addResellerEnvelope('curly'),
    ]);
    const doc = parser.parse(stdout) as { Envelope: { Body: { AddResellerResponse: { ID: string; login: string; result: string } } } };
    const answer = doc.Envelope.Body.AddResellerResponse;
    expect(answer).toMatchObject({ login: 'curly', result: 'success' });
    expect(Number(answer.ID)).toBe(t.sim.state.accountByLogin('curly')?.ID);
  });

  it('creates a reseller from the same envelope sent with fetch, without a SOAPAction, answering fully qualified', async () => {
    const response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: addResellerEnvelope('fetchy'),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/xml');
    const xml = await response.text();
    const ns = namespacesOf(xml);
    expect(ns.get('AddResellerResponse')).toBe('http://4psa.com/ResellerMessages.xsd/2.5.1');
    expect(ns.get('ID')).toBe('http://4psa.com/ClientData.xsd/2.5.1');
    expect(ns.get('login')).toBe('http://4psa.com/ClientData.xsd/2.5.1');
    expect(ns.get('result')).toBe('http://4psa.com/ResellerMessages.xsd/2.5.1');
    expect(ns.get('serverInfo')).toBe('http://4psa.com/HeaderData.xsd/2.5.1');
    // ClientInfo fields come first and in sequence order, then ExtendedClientInfo's, then the message's.
    const order = [...xml.matchAll(/<clientData:(\w+)>/g)].map((m) => m[1]);
    expect(order.indexOf('name')).toBeLessThan(order.indexOf('login'));
    expect(order.indexOf('serverID')).toBeLessThan(order.indexOf('ID'));
    expect(xml.indexOf('clientData:ID')).toBeLessThan(xml.indexOf('resellerMessages:result'));
  });

  it('matches request elements by local name, whatever namespace the client used', async () => {
    const loose = addResellerEnvelope('loose').replace(/http:\/\/4psa\.com\/[A-Za-z]+\.xsd\/2\.5\.1/g, 'urn:anything');
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: loose });
    expect(response.status).toBe(200);
    expect(t.sim.state.accountByLogin('loose')).toBeDefined();
  });

  it('answers a refused request with a SOAP 1.1 fault: HTTP 500, numeric faultcode, faultstring, detail/code', async () => {
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: addResellerEnvelope('curly') });
    expect(response.status).toBe(500);
    const doc = parser.parse(await response.text()) as { Envelope: { Body: { Fault: Record<string, unknown> } } };
    expect(doc.Envelope.Body.Fault).toEqual({
      faultcode: '200',
      faultstring: 'Duplicate record: the login curly is already used.',
      detail: { code: '200' },
    });
  });

  it('answers an operation the module does not have with a client fault', async () => {
    const body = addResellerEnvelope('x').replace(/AddResellerRequest/g, 'LaunchRocketRequest');
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'text/xml' }, body });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain(
      "<faultcode>soap:Client</faultcode><faultstring>Procedure 'LaunchRocket' not present</faultstring>",
    );
  });

  it("serves the WSDL tree under /soap2/schema/2.5.1/ and each agent's ?wsdl with imports it can follow", async () => {
    const root = await fetch(`${t.sim.url}/soap2/schema/2.5.1/voipnowservice.wsdl`);
    expect(root.status).toBe(200);
    expect(await root.text()).toContain('location="Reseller/Reseller.wsdl"');
    const xsd = await fetch(`${t.sim.url}/soap2/schema/2.5.1/Client/ClientData.xsd`);
    expect(await xsd.text()).toContain('name="ClientInfo"');
    const agent = await (await fetch(`${t.sim.url}/soap2/client_agent.php?wsdl`)).text();
    expect(agent).toContain(`schemaLocation="${t.sim.url}/soap2/schema/2.5.1/Client/ClientMessages.xsd"`);
    expect(agent).toContain(`<soap:address location="${t.sim.url}/soap2/client_agent.php"`);
    expect((await fetch(`${t.sim.url}/soap2/schema/2.5.1/../../../../etc/passwd`)).status).toBe(404);
    expect((await fetch(`${t.sim.url}/soap2/schema/2.5.1/%2e%2e/%2e%2e/package.json`)).status).toBe(404);
  });
});
