import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import * as soap from 'soap';
import { agentPath, HEADER_NAMESPACE, MODULES, moduleWsdlFile, type ModuleName } from './modules';
import { redactXml, toSyncError } from './errors';
import { cryptedAuth } from './crypted-auth';
import { soapHttpRequest } from './http';
import { templatedRenderer } from './request-bodies';
import type { VoipnowAuth, VoipnowClientOptions } from './types';

/**
 * One `soap` client per module, loaded from the repo's WSDL and pointed at the server's agent
 * (the soap:address inside WSDLs is not trusted). Every call carries the userCredentials header,
 * ends within timeoutMs, and fails only with SyncError.
 */

export type SoapResult = Record<string, unknown>;

type AsyncOperation = (args: unknown, options: object) => Promise<[unknown, ...unknown[]]>;

export class SoapTransport {
  private constructor(
    private readonly clients: ReadonlyMap<ModuleName, soap.Client>,
    private readonly options: VoipnowClientOptions,
    private readonly agent: HttpAgent | HttpsAgent,
    private readonly secrets: readonly string[],
  ) {}

  /** Loads the WSDL of each module (all four unless named; `soap` caches the parsed files). */
  static async open(options: VoipnowClientOptions, modules: readonly ModuleName[] = MODULES): Promise<SoapTransport> {
    const base = options.url.replace(/\/+$/, '');
    const https = base.toLowerCase().startsWith('https:');
    // Kept-alive connections: a bulk replication makes thousands of calls.
    const agent = https
      ? new HttpsAgent({ keepAlive: true, rejectUnauthorized: options.tlsVerify !== false })
      : new HttpAgent({ keepAlive: true });
    const auth = options.auth;
    const credentials = userCredentials(auth);
    const secrets = auth.method === 'password' ? [auth.password] : auth.method === 'key' ? [auth.appSecret] : [];
    const clients = new Map<ModuleName, soap.Client>();
    for (const module of modules) {
      // Our node:http client under `soap` instead of its axios (connectors/voipnow/http.ts).
      const client = await soap.createClientAsync(moduleWsdlFile(module), { request: soapHttpRequest as never });
      templateBodies(client);
      client.setEndpoint(`${base}${agentPath(module)}`);
      client.addSoapHeader({ userCredentials: credentials }, '', 'h', HEADER_NAMESPACE);
      const logger = options.logger;
      if (logger) client.on('request', (xml: string) => logger.debug({ module, request: redactXml(xml, secrets) }, 'VoipNow request'));
      clients.set(module, client);
    }
    return new SoapTransport(clients, options, agent, secrets);
  }

  /** Calls `operation` of `module`; `secrets` are values of this call (passwords) kept out of errors. */
  async call(module: ModuleName, operation: string, args: unknown, secrets: readonly (string | undefined)[] = []): Promise<SoapResult> {
    const client = this.clients.get(module);
    const method = (client as unknown as Record<string, AsyncOperation | undefined> | undefined)?.[`${operation}Async`];
    if (!client || !method) throw new Error(`VoipNow ${module} has no operation ${operation}`);
    const started = Date.now();
    try {
      const send = () =>
        method.call(client, args, {
          timeout: this.options.timeoutMs,
          // The socket timeout above only counts idle time; this bounds the whole call (http.ts).
          deadlineMs: this.options.timeoutMs,
          httpAgent: this.agent,
          httpsAgent: this.agent,
        });
      const [result] = await (this.options.limitCalls ? this.options.limitCalls(send) : send());
      this.options.logger?.debug({ module, operation, ms: Date.now() - started }, 'VoipNow call');
      return typeof result === 'object' && result !== null ? (result as SoapResult) : {};
    } catch (error) {
      const failure = toSyncError(error, operation, [...this.secrets, ...secrets.filter((s): s is string => !!s)]);
      this.options.logger?.warn(
        {
          module,
          operation,
          ms: Date.now() - started,
          reason: failure.reason,
          serverCode: failure.serverCode,
          serverMessage: failure.serverMessage,
        },
        'VoipNow call failed',
      );
      throw failure;
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

const TEMPLATED = Symbol('pvsync.templatedBodies');

/** Request bodies from templates `soap` made (request-bodies.ts); once per WSDL, which `soap` shares between clients of one file. */
export function templateBodies(client: soap.Client): void {
  const wsdl = client.wsdl as unknown as { objectToDocumentXML: Parameters<typeof templatedRenderer>[0]; [TEMPLATED]?: true };
  if (wsdl[TEMPLATED]) return;
  wsdl.objectToDocumentXML = templatedRenderer(wsdl.objectToDocumentXML.bind(wsdl));
  wsdl[TEMPLATED] = true;
}

/**
 * The userCredentials header of the settings' authentication method: username and password, the
 * API encrypted key (`cryptedAuth`, the login encrypted with the server's public connection key),
 * or an application's appKey and appSecret.
 */
export function userCredentials(auth: VoipnowAuth): Record<string, string> {
  switch (auth.method) {
    case 'password':
      return { username: auth.username, password: auth.password };
    case 'encryptedKey':
      return { cryptedAuth: cryptedAuth(auth.publicKey, auth.username) };
    case 'key':
      return { appKey: auth.appKey, appSecret: auth.appSecret };
  }
}
