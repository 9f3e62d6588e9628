import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { agentPath, MODULES, SCHEMA_VERSION, WSDL_ROOT, type ModuleName } from '../../connectors/voipnow/modules';
import { AccountService } from './accounts';
import { handleAdmin } from './admin';
import { Authenticator } from './auth';
import { ConnectionKey } from './connection-key';
import { sendJson } from './http-util';
import { Panel } from './panel';
import { seededRandom } from './random';
import { ResponseWriter } from './schema';
import { seed, type SeedInput, type SeedResult } from './seed';
import { handleSoapCall, serveWsdl } from './soap-http';
import { createSoapModule, type SoapModule } from './soap-service';
import { SimStore } from './state';
import { DEFAULT_SWITCHES, emptyStats, Gate, updateSwitches, type Stats, type Switches } from './switches';

/**
 * A VoipNow 2.5.1 SOAP server for development, tests and benchmarks: the four SystemAPI modules at
 * /soap2/<module>_agent.php, the WSDL tree at /soap2/schema/2.5.1/, an admin API at /__sim/, and
 * the control panel's login and SSO stand-in. See docs/decisions/011-voipnow-simulator.md.
 */

export type { SeedInput, SeedResult } from './seed';
export type { Switches, Stats } from './switches';
export type { SimAccount, SimTemplate, SimStore } from './state';

export interface VoipnowSimulatorOptions extends Partial<Switches> {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Where voipnow-sim.json lives; without it the data lives in memory only. */
  dataDir?: string;
  adminLogin: string;
  adminPassword: string;
  appKey?: string;
  appSecret?: string;
  /** Seed of the random choices (jitter, faults, hangs, drops) to repeat a run exactly. */
  seed?: number;
}

export interface VoipnowSimulator {
  /** Base URL, e.g. http://127.0.0.1:8444 */
  url: string;
  port: number;
  /** The data, for tests to look at directly. */
  state: SimStore;
  /** Live switches; changing a field takes effect on the next call. */
  switches: Switches;
  stats: Stats;
  seed(input: SeedInput): SeedResult;
  /** The public connection key (PEM) for the cryptedAuth header, as an admin downloads it from the server. */
  publicKey(): string;
  /** Changes switches after checking them (throws on a bad value). */
  configure(change: Partial<Switches>): void;
  /** Stops listening, ends hung calls and writes the data file. */
  close(): Promise<void>;
}

export async function startVoipnowSimulator(options: VoipnowSimulatorOptions): Promise<VoipnowSimulator> {
  const {
    port = 0,
    host = '127.0.0.1',
    dataDir,
    adminLogin,
    adminPassword,
    appKey,
    appSecret,
    seed: randomSeed,
    ...switchOptions
  } = options;
  const switches: Switches = { ...DEFAULT_SWITCHES };
  const given = Object.fromEntries(Object.entries(switchOptions).filter(([, value]) => value !== undefined));
  const problems = updateSwitches(switches, given);
  if (problems.length > 0) throw new Error(`VoipNow simulator options: ${problems.join('; ')}`);

  const random = seededRandom(randomSeed ?? Date.now());
  const store = new SimStore(dataDir);
  const stats = emptyStats();
  const connectionKey = new ConnectionKey(dataDir);
  const auth = new Authenticator(store, { adminLogin, adminPassword, appKey, appSecret }, switches, connectionKey);
  const accounts = new AccountService(store, switches, random);
  const writer = new ResponseWriter(WSDL_ROOT);
  const infrastructureID = 'voipnow-simulator';
  const identity = () => ({ version: SCHEMA_VERSION, infrastructureID, charging: switches.legacyCharging, sso: switches.sso });
  const modules = new Map<ModuleName, SoapModule>();
  for (const module of MODULES)
    modules.set(module, await createSoapModule(module, { store, accounts, auth, writer, identity, switches, stats, random }));

  let baseUrl = '';
  const panel = new Panel({ store, auth, switches, adminLogin, adminPassword, appKey, appSecret, baseUrl: () => baseUrl });
  const soapDeps = { modules, switches, stats, gate: new Gate(() => switches.concurrency), random };
  const adminDeps = {
    store,
    auth,
    switches,
    stats,
    adminLogin,
    adminPassword,
    onReset: () => panel.forget(),
    publicKey: () => connectionKey.publicKeyPem(),
  };
  const agents = new Map<string, ModuleName>(MODULES.map((m) => [agentPath(m), m]));

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const path = url.pathname;
    const handle = async (): Promise<void> => {
      const agent = agents.get(path);
      if (agent && req.method === 'POST') return handleSoapCall(soapDeps, agent, req, res, path);
      const wantsWsdl = agent !== undefined && url.search.toLowerCase() === '?wsdl';
      const origin = `http://${req.headers.host ?? baseUrl.replace(/^http:\/\//, '')}`;
      if (req.method === 'GET' && (await serveWsdl(res, path, wantsWsdl ? { module: agent, baseUrl: origin } : undefined))) return;
      if (path.startsWith('/__sim/')) return handleAdmin(adminDeps, req, res, path);
      if (await panel.handle(req, res, url)) return;
      sendJson(res, 404, { error: `nothing at ${req.method ?? 'GET'} ${path}` });
    };
    handle().catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  let closed: Promise<void> | undefined;
  return {
    url: baseUrl,
    port: address.port,
    state: store,
    switches,
    stats,
    seed: (input) => seed(store, input),
    publicKey: () => connectionKey.publicKeyPem(),
    configure(change) {
      const errors = updateSwitches(switches, change);
      if (errors.length > 0) throw new Error(errors.join('; '));
    },
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => {
          store.close();
          resolve();
        });
        server.closeAllConnections(); // kept-alive and hung calls too
      });
      return closed;
    },
  };
}
