import { readFileSync } from 'node:fs';
import * as soap from 'soap';
import { agentPath, HEADER_NAMESPACE, moduleWsdlFile, schemaNamespace, type ModuleName } from '../../connectors/voipnow/modules';
import type { AccountService } from './accounts';
import { PLService } from './pl';
import { asArgs, int, text, type Args } from './args';
import type { Authenticator, Caller, Credentials } from './auth';
import { interfaceLangs, ping, regions, templates, type ServerIdentity } from './pbx';
import { SimFault } from './rules';
import type { ResponseWriter } from './schema';
import type { SimStore } from './state';
import { counted } from './soap-http';
import type { Stats, Switches } from './switches';
import { accountDetails, listAccounts, requireAccount } from './views';

/**
 * One `soap` package server per module, built from the module's WSDL in the repo. The `soap`
 * server parses requests (elements by local name, whatever their namespace) and dispatches them
 * by body element; our ResponseWriter writes the answers (see schema.ts for why).
 */

export interface SoapModule {
  server: soap.Server;
  /** Operation names of the module, e.g. AddReseller. */
  operations: ReadonlySet<string>;
}

export interface SoapDeps {
  store: SimStore;
  accounts: AccountService;
  auth: Authenticator;
  writer: ResponseWriter;
  identity: () => ServerIdentity;
  switches: Pick<Switches, 'randomUndocumentedCodes'>;
  stats: Stats;
  random: () => number;
}

type Operation = (caller: Caller, args: Args) => Record<string, unknown>;

function operationsOf(module: ModuleName, deps: SoapDeps): Record<string, Operation> {
  const { store, accounts } = deps;
  const pl = new PLService(store);
  const crud = (kind: 'reseller' | 'client' | 'extension', Name: string, Plural: string): Record<string, Operation> => ({
    [`Set${Name}PL`]: (caller, args) => pl.change(kind, caller, args, false),
    [`Get${Name}PL`]: (caller, args) => pl.get(kind, caller, args),
    ...(kind === 'extension' ? {} : { [`Update${Name}PL`]: (caller: Caller, args: Args) => pl.change(kind, caller, args, true) }),
    [`Add${Name}`]: (caller, args) => accounts.add(kind, caller, args),
    [`Edit${Name}`]: (caller, args) => accounts.edit(kind, caller, args),
    [`Del${Name}`]: (caller, args) => accounts.del(kind, caller, args),
    [`Set${Name}Status`]: (caller, args) => accounts.setStatus(kind, caller, args),
    [`Get${Plural}`]: (caller, args) => listAccounts(store, caller, kind, args),
    [`Get${Name}Details`]: (caller, args) =>
      accountDetails(store, requireAccount(store, caller, kind, { ID: int(args.ID, 'ID'), identifier: text(args.identifier) })),
  });
  switch (module) {
    case 'Reseller':
      return crud('reseller', 'Reseller', 'Resellers');
    case 'Client':
      return { ...crud('client', 'Client', 'Clients'), MoveClients: (caller, args) => accounts.moveClients(caller, args) };
    case 'Extension':
      return crud('extension', 'Extension', 'Extensions');
    case 'PBX':
      return {
        Ping: () => ping(store, deps.identity()),
        GetInterfaceLang: () => interfaceLangs(deps.identity().version),
        GetTemplates: (caller, args) => templates(store, caller, args),
        GetRegions: (_caller, args) => regions(args),
      };
  }
}

/**
 * A SOAP 1.1 fault as our stand-in encodes it: faultcode = VoipNow's number, detail/code = the
 * same; a fault without a number has SOAP's own code (soap:Client, soap:Server) and no detail.
 */
export function faultOf(code: string, message: string) {
  const numbered = /^\d+$/.test(code);
  return {
    Fault: {
      faultcode: numbered ? code : `soap:${code}`,
      faultstring: message,
      ...(numbered ? { detail: { code } } : {}),
      statusCode: 500,
    },
  };
}

/** The code a fault goes out with: its documented one; for the others none, or a random one (switch). */
function codeOf(fault: SimFault, deps: SoapDeps): string {
  if (fault.code !== undefined) return fault.code;
  if (!deps.switches.randomUndocumentedCodes) return 'Client';
  return String(Math.floor(deps.random() * 1000)).padStart(3, '0');
}

function credentialsOf(headers: unknown): Credentials | undefined {
  const raw = asArgs(headers).userCredentials;
  if (raw === undefined) return undefined;
  const c = asArgs(raw);
  return {
    username: text(c.username),
    password: text(c.password),
    cryptedAuth: text(c.cryptedAuth),
    appKey: text(c.appKey),
    appSecret: text(c.appSecret),
  };
}

export async function createSoapModule(module: ModuleName, deps: SoapDeps): Promise<SoapModule> {
  const file = moduleWsdlFile(module);
  const messagesNs = schemaNamespace(`${module}Messages`);
  const port: Record<string, (args: unknown, callback: unknown, headers: unknown) => Promise<unknown>> = {};
  const operations = operationsOf(module, deps);
  for (const [name, operation] of Object.entries(operations)) {
    port[name] = async (args, _callback, headers) => {
      try {
        const caller = deps.auth.authenticate(credentialsOf(headers));
        const value = operation(caller, asArgs(args));
        // `_xml` makes the soap server put our body element in verbatim.
        return { _xml: deps.writer.element(messagesNs, `${name}Response`, value) };
      } catch (error) {
        if (error instanceof SimFault) throw faultOf(counted(deps.stats, codeOf(error, deps)), error.message);
        throw faultOf(counted(deps.stats, 'Server'), error instanceof Error ? error.message : String(error));
      }
    };
  }
  const server = await new Promise<soap.Server>((resolve, reject) => {
    soap.listen(null, {
      path: agentPath(module),
      xml: readFileSync(file, 'utf8'),
      uri: file,
      services: { [`${module}Port`]: { [`${module}Port`]: port } },
      suppressStack: true,
      callback: (error: unknown, ready: soap.Server) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(ready),
    });
  });
  const identity = deps.identity();
  server.addSoapHeader(
    deps.writer.element(HEADER_NAMESPACE, 'serverInfo', {
      edition: 'Simulator',
      version: identity.version,
      infrastructureID: identity.infrastructureID,
    }),
  );
  return { server, operations: new Set(Object.keys(operations)) };
}
