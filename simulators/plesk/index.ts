import http from 'node:http';
import https from 'node:https';
import { type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleAdmin, type SimControl, type Switches } from './admin';
import { Agent, PROTOS, type Generation } from './agent';
import { EstateChanges } from './changes';
import { startGrowth } from './growth';
import { generateEstate } from './estate';
import { EventSender, type PleskEvent } from './events';
import { type SimEstate } from './model';
import { Prng } from './prng';
import { EstateStore, readState, writeState } from './store';

/**
 * A Plesk server for development, tests and benchmarks: agent.php speaking both packet dialects,
 * an estate generated from a seed (or loaded from <dataDir>/plesk-sim.json), the /__sim/ control
 * endpoint, fault switches and event hooks. See docs/decisions/021-plesk-simulator.md.
 */

export const AGENT_PATH = '/enterprise/control/agent.php';
/** Requests larger than this are answered with 1014 (real Plesk has some limit; ours is generous). */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

export interface PleskSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Persist the estate to <dataDir>/plesk-sim.json; absent = in memory only. */
  dataDir?: string;
  login: string;
  password: string;
  /** Accepted in the KEY header. */
  secretKey?: string;
  /** obsidian: Plesk 10+ dialect (default); plesk9: client/domain dialect. */
  generation?: Generation;
  /** Used when there is no state file yet (and by reset). */
  estate?: { size?: number; seed?: number };
  latencyMs?: number;
  /** Share of agent.php requests answered with HTTP 500. */
  faultRate?: number;
  /** Share of agent.php requests answered with error 1001. */
  authFailRate?: number;
  /** agent.php requests naming one of these operations are answered with HTTP 500. */
  failOperations?: string[];
  /** Where Plesk-style events are POSTed after changes made through /__sim/. */
  eventUrl?: string;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
  /** Seed of the fault switches' randomness. */
  faultSeed?: number;
  /** Add a customer, a domain or a mailbox every this many ms (simulators/plesk/growth.ts); 0 or absent: never. */
  growthMs?: number;
  /** Called after each account growth added (what Plesk's event handler would report). */
  onGrowth?: () => void;
}

export interface PleskSimulator {
  /** Base URL, e.g. http://127.0.0.1:8443 (agent.php lives under it). */
  url: string;
  port: number;
  generation: Generation;
  protos: readonly string[];
  /** true when the estate came from the state file rather than the generator. */
  restored: boolean;
  store: EstateStore;
  switches: Switches;
  events: { readonly delivered: number; readonly failed: number; settle(): Promise<void> };
  /** The estate as persisted. */
  snapshot(): SimEstate;
  /** Writes the state file now (when dataDir is set). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function startPleskSimulator(options: PleskSimulatorOptions): Promise<PleskSimulator> {
  const generation = options.generation ?? 'obsidian';
  const fresh = (size?: number, seed?: number): SimEstate =>
    generateEstate({ size: size ?? options.estate?.size, seed: seed ?? options.estate?.seed, adminLogin: options.login });
  const saved = options.dataDir ? await readState(options.dataDir) : undefined;
  const store = new EstateStore(saved ?? fresh());
  const faults = new Prng(options.faultSeed ?? 42);
  const initialSwitches = (): Switches => ({
    latencyMs: options.latencyMs ?? 0,
    faultRate: options.faultRate ?? 0,
    authFailRate: options.authFailRate ?? 0,
    failOperations: options.failOperations ?? [],
  });
  const switches = initialSwitches();
  const sender = new EventSender(options.eventUrl);
  const agent = new Agent(store, generation, { login: options.login, password: options.password, secretKey: options.secretKey });
  let guidSeed = faults.int(2 ** 31);
  const changes = new EstateChanges(store, () => new Prng(guidSeed++).guid());

  // Saves are chained so two never write the file at once; the last one always runs.
  let saving: Promise<void> = Promise.resolve();
  const save = (): Promise<void> => {
    const dataDir = options.dataDir;
    if (!dataDir) return saving;
    saving = saving.then(() => writeState(dataDir, store.snapshot()));
    return saving;
  };
  if (!saved) await save();

  const control: SimControl = {
    store,
    changes,
    switches,
    generation,
    credentials: { login: options.login, password: options.password },
    events: sender,
    changed(events: readonly PleskEvent[]) {
      store.touch();
      sender.send(events);
      void save().catch(() => undefined);
    },
    regenerate(size, seed) {
      store.load(fresh(size ?? store.origin.size, seed ?? store.origin.seed));
      void save().catch(() => undefined);
    },
    reset() {
      store.load(fresh());
      Object.assign(switches, initialSwitches());
      void save().catch(() => undefined);
    },
  };

  const growth = options.growthMs
    ? startGrowth(
        changes,
        (events) => {
          control.changed(events);
          options.onGrowth?.();
        },
        options.growthMs,
      )
    : undefined;

  const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
    void serve(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(error instanceof Error ? error.message : 'simulator error');
    });
  };

  async function serve(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const { pathname } = new URL(request.url ?? '/', 'http://sim');
    const body = await readBody(request);
    if (pathname.startsWith('/__sim')) {
      let json: unknown = {};
      try {
        json = body === undefined || body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch {
        return send(response, 400, 'application/json', JSON.stringify({ error: 'body is not JSON' }));
      }
      const answer = handleAdmin(control, request, pathname, json);
      return send(response, answer.status, 'application/json', JSON.stringify(answer.body), answer.headers);
    }
    if (pathname !== AGENT_PATH) return send(response, 404, 'text/plain', 'Not Found');
    if (request.method !== 'POST') return send(response, 405, 'text/plain', 'agent.php takes POST', { Allow: 'POST' });
    if (switches.latencyMs > 0) await sleep(switches.latencyMs);
    if (
      (switches.faultRate > 0 && faults.chance(switches.faultRate)) ||
      (switches.failOperations.length > 0 && body !== undefined && switches.failOperations.some((op) => body.includes(`<${op}>`)))
    )
      return send(response, 500, 'text/html', '<html><body>500 Internal Server Error</body></html>');
    const xml = (text: string): void => send(response, 200, 'text/xml; charset=UTF-8', text);
    const denied = agent.authenticate(request.headers);
    if (denied) return xml(denied);
    if (switches.authFailRate > 0 && faults.chance(switches.authFailRate)) {
      // The answer Plesk gives to a request without credentials: 1001.
      return xml(agent.authenticate({}) as string);
    }
    if (body === undefined) return xml(agentTooLarge(agent.newest));
    xml(agent.run(body.toString('utf8')));
  }

  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  return {
    url: `${options.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    generation,
    protos: PROTOS[generation],
    restored: saved !== undefined,
    store,
    switches,
    events: {
      get delivered() {
        return sender.delivered;
      },
      get failed() {
        return sender.failed;
      },
      settle: () => sender.settle(),
    },
    snapshot: () => store.snapshot(),
    flush: save,
    async close() {
      growth?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await sender.settle();
      await save();
    },
  };
}

function agentTooLarge(version: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><packet version="${version}"><system><status>error</status><errcode>1014</errcode><errtext>Packet is too large</errtext></system></packet>`;
}

/** The body, or undefined when it passes the cap (the rest is drained, not kept). */
function readBody(request: http.IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_REQUEST_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: http.ServerResponse, status: number, type: string, text: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(text, 'utf8');
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': String(body.length), ...headers });
  response.end(body);
}

export { generateEstate, ESTATE_RATES, DEMO_SIZE, estateCounts } from './estate';
export { PROTOS, type Generation } from './agent';
export { STATE_FILE, type EstateStore } from './store';
export type { SimContact, SimCustomer, SimDomain, SimDomainAdmin, SimEstate, SimMailbox, SimReseller } from './model';
export type { PleskEvent } from './events';
export type { Switches } from './admin';
