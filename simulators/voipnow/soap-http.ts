import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { normalize, relative, resolve } from 'node:path';
import { moduleWsdlFile, SCHEMA_VERSION, WSDL_ROOT, type ModuleName } from '../../connectors/voipnow/modules';
import { readBody, sendXml } from './http-util';
import { escapeText } from './schema';
import type { SoapModule } from './soap-service';
import { isWriteOperation, type Gate, type Stats, type Switches } from './switches';

/**
 * The HTTP side of the SOAP endpoints: reads the call, applies the switches (latency, the
 * concurrency cap, injected faults, hangs, dropped answers), hands the XML to the module's soap
 * server and writes its answer. Also serves the WSDL tree.
 */

export interface SoapHttpDeps {
  modules: ReadonlyMap<ModuleName, SoapModule>;
  switches: Switches;
  stats: Stats;
  gate: Gate;
  random: () => number;
}

/** The operation a SOAP body asks for: its first element's local name without "Request". */
export function operationOf(xml: string): string | undefined {
  const match = /<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)/.exec(xml);
  return match?.[1]?.replace(/Request$/, '');
}

/** A fault written by hand, in faultOf's encoding (numbered: detail/code; else soap:Client or soap:Server). */
export function faultEnvelope(code: string, message: string): string {
  const numbered = /^\d+$/.test(code);
  return (
    '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    `<soap:Fault><faultcode>${numbered ? code : `soap:${escapeText(code)}`}</faultcode><faultstring>${escapeText(message)}</faultstring>` +
    `${numbered ? `<detail><code>${code}</code></detail>` : ''}</soap:Fault></soap:Body></soap:Envelope>`
  );
}

export function counted(stats: Stats, code: string): string {
  stats.faultCodes[code] = (stats.faultCodes[code] ?? 0) + 1;
  return code;
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

export async function handleSoapCall(
  deps: SoapHttpDeps,
  module: ModuleName,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const { switches, stats } = deps;
  if (switches.down) {
    stats.injected.refused++;
    req.socket.destroy();
    return;
  }
  stats.active++;
  stats.peakActive = Math.max(stats.peakActive, stats.active);
  try {
    await serveSoapCall(deps, module, req, res, path);
  } finally {
    stats.active--;
  }
}

async function serveSoapCall(
  deps: SoapHttpDeps,
  module: ModuleName,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const { switches, stats, random } = deps;
  const xml = await readBody(req);
  const operation = operationOf(xml) ?? 'unknown';
  stats.calls[operation] = (stats.calls[operation] ?? 0) + 1;
  if (isWriteOperation(operation)) stats.writes++;
  await deps.gate.enter();
  try {
    const delay = switches.latencyMs + random() * switches.jitterMs;
    if (delay > 0) await sleep(delay);
    if (random() < switches.hangRate) {
      stats.injected.hangs++;
      return; // no answer, ever: the caller's timeout ends it, or closing the simulator
    }
    if (random() < switches.faultRate) {
      stats.injected.faults++;
      if (random() < 0.5) sendXml(res, 500, faultEnvelope(counted(stats, '151'), 'Could not read data.'));
      else res.writeHead(500).end();
      return;
    }
    const soapModule = deps.modules.get(module);
    if (!soapModule?.operations.has(operation)) {
      sendXml(res, 500, faultEnvelope(counted(stats, 'Client'), `Procedure '${operation}' not present`));
      return;
    }
    // Dispatch by body element only, as a PHP SoapServer does: the SOAPAction header is not passed on.
    const answer = await soapModule.server.processRequest(xml, {
      url: path,
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
    });
    if (random() < switches.dropResponseRate) {
      stats.injected.drops++;
      if (random() < 0.5) req.socket.destroy();
      else res.writeHead(500).end();
      return;
    }
    sendXml(res, answer.statusCode, answer.body);
  } finally {
    deps.gate.leave();
  }
}

/**
 * GET of a file of the WSDL tree under /soap2/schema/<version>/ (served as is), or of an agent's
 * ?wsdl: the module WSDL with its schema imports made absolute and soap:address pointing here,
 * since relative imports would otherwise resolve against /soap2/.
 */
export async function serveWsdl(res: ServerResponse, path: string, agent?: { module: ModuleName; baseUrl: string }): Promise<boolean> {
  if (agent) {
    const { module, baseUrl } = agent;
    const folder = `${baseUrl}/soap2/schema/${SCHEMA_VERSION}/${module}/`;
    const wsdl = (await readFile(moduleWsdlFile(module), 'utf8'))
      .replace(/schemaLocation="([^"]+)"/g, (_all, location: string) => `schemaLocation="${new URL(location, folder).href}"`)
      .replace(/<soap:address location="[^"]*"/, `<soap:address location="${baseUrl}${path}"`);
    sendXml(res, 200, wsdl);
    return true;
  }
  const prefix = `/soap2/schema/${SCHEMA_VERSION}/`;
  if (!path.startsWith(prefix)) return false;
  const file = resolve(WSDL_ROOT, normalize(decodeURIComponent(path.slice(prefix.length))));
  if (relative(WSDL_ROOT, file).startsWith('..') || !/\.(wsdl|xsd)$/.test(file)) return false;
  try {
    sendXml(res, 200, await readFile(file, 'utf8'));
    return true;
  } catch {
    return false;
  }
}
