import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { WSDL_ROOT } from '../../connectors/voipnow/modules';
import { ADMIN } from './helpers';

/**
 * Hand-written SOAP 1.1 calls for the tests that check the simulator against the 2.5.1 schema
 * itself, not against our client: the envelope is written here, elements namespaced as 4PSA's
 * schemas declare them, and answers are read back with their namespaces and, where xmllint is
 * installed, validated against the repo's XSDs.
 */

const run = promisify(execFile);

export const NS = {
  header: 'http://4psa.com/HeaderData.xsd/2.5.1',
  common: 'http://4psa.com/Common.xsd/2.5.1',
  clientData: 'http://4psa.com/ClientData.xsd/2.5.1',
  clientMessages: 'http://4psa.com/ClientMessages.xsd/2.5.1',
  clientMessagesInfo: 'http://4psa.com/ClientMessagesInfo.xsd/2.5.1',
  resellerData: 'http://4psa.com/ResellerData.xsd/2.5.1',
  resellerMessages: 'http://4psa.com/ResellerMessages.xsd/2.5.1',
  resellerMessagesInfo: 'http://4psa.com/ResellerMessagesInfo.xsd/2.5.1',
  extensionData: 'http://4psa.com/ExtensionData.xsd/2.5.1',
  extensionMessages: 'http://4psa.com/ExtensionMessages.xsd/2.5.1',
  extensionMessagesInfo: 'http://4psa.com/ExtensionMessagesInfo.xsd/2.5.1',
  pbxData: 'http://4psa.com/PBXData.xsd/2.5.1',
  pbxMessages: 'http://4psa.com/PBXMessages.xsd/2.5.1',
  pbxMessagesInfo: 'http://4psa.com/PBXMessagesInfo.xsd/2.5.1',
} as const;

/** The userCredentials header's three choices (HeaderData.xsd). */
export type Credentials = { username: string; password: string } | { cryptedAuth: string } | { appKey: string; appSecret: string };

function header(credentials: Credentials): string {
  const inner = Object.entries(credentials)
    .map(([name, value]) => `<h:${name}>${String(value)}</h:${name}>`)
    .join('');
  return `<h:userCredentials>${inner}</h:userCredentials>`;
}

/** An envelope whose body is `body`, written with the prefixes of NS (h, cd, cm, rd, rm, ed, em, pm, common). */
export function envelope(body: string, credentials: Credentials = { username: ADMIN.login, password: ADMIN.password }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:h="${NS.header}" xmlns:common="${NS.common}"
    xmlns:cd="${NS.clientData}" xmlns:cm="${NS.clientMessages}" xmlns:rd="${NS.resellerData}" xmlns:rm="${NS.resellerMessages}"
    xmlns:ed="${NS.extensionData}" xmlns:em="${NS.extensionMessages}" xmlns:pm="${NS.pbxMessages}">
  <soapenv:Header>${header(credentials)}</soapenv:Header>
  <soapenv:Body>${body}</soapenv:Body>
</soapenv:Envelope>`;
}

export interface RawAnswer {
  status: number;
  xml: string;
  /** The body's first element, parsed without prefixes (values as text). */
  body: Record<string, unknown>;
  /** The first element of each local name, with the namespace it was written in. */
  namespaces: Map<string, string>;
}

const parser = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: false, attributeNamePrefix: '@' });

function namespacesOf(xml: string): Map<string, string> {
  const declared = new Map<string, string>();
  for (const m of xml.matchAll(/xmlns:([\w.-]+)="([^"]+)"/g)) declared.set(m[1]!, m[2]!);
  const found = new Map<string, string>();
  for (const m of xml.matchAll(/<([\w.-]+):([\w.-]+)[\s>/]/g)) if (!found.has(m[2]!)) found.set(m[2]!, declared.get(m[1]!) ?? '?');
  return found;
}

/** POSTs `body` in an envelope to /soap2/<agent>_agent.php, without a SOAPAction (dispatch is by body element). */
export async function rawCall(
  baseUrl: string,
  agent: 'reseller' | 'client' | 'extension' | 'pbx',
  body: string,
  credentials?: Credentials,
): Promise<RawAnswer> {
  const response = await fetch(`${baseUrl}/soap2/${agent}_agent.php`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: envelope(body, credentials),
  });
  const xml = await response.text();
  const doc = parser.parse(xml) as { Envelope: { Body: Record<string, Record<string, unknown>> } };
  const [first] = Object.values(doc.Envelope.Body);
  return { status: response.status, xml, body: first ?? {}, namespaces: namespacesOf(xml) };
}

/** Why answers cannot be validated against the XSDs here, or undefined when xmllint is installed. */
export const xmllintMissing: string | undefined = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch {
    return 'xmllint is not installed (apt-get install libxml2-utils)';
  }
})();

let schemaFile: string | undefined;

/** Validates the answer's body element against the repo's XSD set; resolves with xmllint's complaints ('' when valid). */
export async function schemaProblems(xml: string): Promise<string> {
  const match = /<soap:Body>([\s\S]*)<\/soap:Body>/.exec(xml);
  if (!match) return 'no soap:Body in the answer';
  const dir = mkdtempSync(join(tmpdir(), 'voipnow-xsd-'));
  if (!schemaFile) {
    schemaFile = join(dir, 'all.xsd');
    const imports = ['Reseller/ResellerMessages', 'Client/ClientMessages', 'Extension/ExtensionMessages', 'PBX/PBXMessages']
      .map(
        (path) =>
          `<xs:import namespace="http://4psa.com/${path.split('/')[1]}.xsd/2.5.1" schemaLocation="file://${WSDL_ROOT}${path}.xsd"/>`,
      )
      .join('');
    writeFileSync(
      schemaFile,
      `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:voipnow-test">${imports}</xs:schema>`,
    );
  }
  const document = join(dir, 'answer.xml');
  writeFileSync(document, match[1]!);
  try {
    await run('xmllint', ['--noout', '--schema', schemaFile, document]);
    return '';
  } catch (error) {
    return String((error as { stderr?: string }).stderr ?? error);
  }
}
