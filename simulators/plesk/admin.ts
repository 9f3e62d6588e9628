import { timingSafeEqual } from 'node:crypto';
import { type IncomingMessage } from 'node:http';
import { SimInputError, type EstateChanges } from './changes';
import { MAX_SIZE } from './estate';
import { type PleskEvent } from './events';
import { type SimEstate } from './model';
import { type EstateStore } from './store';

/**
 * The simulator's own control endpoint under /__sim/ (JSON, HTTP Basic with the simulator's
 * login): change the estate as a Plesk admin would in the panel, regenerate it, read it, and
 * set the fault switches. Not part of Plesk; tests and the benchmark drive the simulator with it.
 */

export interface Switches {
  latencyMs: number;
  faultRate: number;
  authFailRate: number;
  /** agent.php requests naming one of these operations (e.g. "mail") are answered with HTTP 500: a scan breaks at the same page every time. */
  failOperations: string[];
}

export interface SimControl {
  store: EstateStore;
  changes: EstateChanges;
  switches: Switches;
  generation: string;
  credentials: { login: string; password: string };
  events: { delivered: number; failed: number };
  /** Persists and sends events after a change. */
  changed(events: readonly PleskEvent[]): void;
  regenerate(size: number | undefined, seed: number | undefined): void;
  reset(): void;
}

export interface AdminAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const KINDS = ['resellers', 'customers', 'domains', 'mailboxes'] as const;
type Kind = (typeof KINDS)[number];

function isKind(value: string | undefined): value is Kind {
  return (KINDS as readonly string[]).includes(value ?? '');
}

function authorized(request: IncomingMessage, credentials: SimControl['credentials']): boolean {
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  const given = Buffer.from(header.slice(6), 'base64');
  const expected = Buffer.from(`${credentials.login}:${credentials.password}`, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function rate(value: unknown, name: string): number {
  if (typeof value !== 'number' || value < 0 || value > 1) throw new SimInputError(`${name} must be a number from 0 to 1`);
  return value;
}

function optionalInt(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new SimInputError(`${name} must be a non-negative integer`);
  return value;
}

function objectOf(store: EstateStore, kind: Kind, id: number): unknown {
  const map = { resellers: store.resellers, customers: store.customers, domains: store.domains, mailboxes: store.mailboxes }[kind] as Map<
    number,
    unknown
  >;
  return map.get(id);
}

export function handleAdmin(sim: SimControl, request: IncomingMessage, pathname: string, body: unknown): AdminAnswer {
  if (!authorized(request, sim.credentials)) {
    return {
      status: 401,
      body: { error: 'admin login and password required (HTTP Basic)' },
      headers: { 'WWW-Authenticate': 'Basic realm="plesk-sim"' },
    };
  }
  const parts = pathname
    .replace(/^\/__sim\/?/, '')
    .split('/')
    .filter(Boolean);
  const method = request.method ?? 'GET';
  const input = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  try {
    return route(sim, method, parts, input);
  } catch (error) {
    if (error instanceof SimInputError) return { status: error.status, body: { error: error.message } };
    throw error;
  }
}

function route(sim: SimControl, method: string, parts: string[], input: Record<string, unknown>): AdminAnswer {
  const [first, idText, action] = parts;
  const ok = (body: unknown, status = 200): AdminAnswer => ({ status, body });
  if (first === 'state' && method === 'GET') {
    return ok({
      generation: sim.generation,
      counts: sim.store.counts(),
      switches: sim.switches,
      events: { delivered: sim.events.delivered, failed: sim.events.failed },
    });
  }
  if (first === 'estate' && method === 'GET') return ok(sim.store.snapshot() satisfies SimEstate);
  if (first === 'estate' && method === 'POST') {
    const size = optionalInt(input['size'], 'size');
    if (size !== undefined && size > MAX_SIZE) throw new SimInputError(`size must be at most ${MAX_SIZE}`);
    sim.regenerate(size, optionalInt(input['seed'], 'seed'));
    return ok({ counts: sim.store.counts() });
  }
  if (first === 'reset' && method === 'POST') {
    sim.reset();
    return ok({ counts: sim.store.counts(), switches: sim.switches });
  }
  if (first === 'switches' && (method === 'PUT' || method === 'PATCH')) {
    if (input['latencyMs'] !== undefined) sim.switches.latencyMs = optionalInt(input['latencyMs'], 'latencyMs') ?? 0;
    if (input['faultRate'] !== undefined) sim.switches.faultRate = rate(input['faultRate'], 'faultRate');
    if (input['authFailRate'] !== undefined) sim.switches.authFailRate = rate(input['authFailRate'], 'authFailRate');
    if (input['failOperations'] !== undefined) {
      const ops = input['failOperations'];
      if (!Array.isArray(ops) || !ops.every((op) => typeof op === 'string' && /^[a-z-]+$/.test(op)))
        throw new SimInputError('failOperations must be a list of operation names, e.g. ["mail"]');
      sim.switches.failOperations = ops as string[];
    }
    return ok(sim.switches);
  }
  if (!isKind(first)) return { status: 404, body: { error: `no such simulator resource: /__sim/${parts.join('/')}` } };
  const id = idText === undefined ? undefined : Number(idText);
  if (id !== undefined && !Number.isInteger(id)) throw new SimInputError(`${idText ?? ''} is not an ID`);
  const apply = (result: { events: PleskEvent[] }, object: unknown, status = 200): AdminAnswer => {
    sim.changed(result.events);
    return ok(object, status);
  };
  if (id === undefined && method === 'POST') {
    const c = sim.changes;
    if (first === 'resellers') {
      const result = c.addReseller(input);
      return apply(result, result.reseller, 201);
    }
    if (first === 'customers') {
      const result = c.addCustomer({ ...input, ownerId: optionalInt(input['ownerId'], 'ownerId') });
      return apply(result, result.customer, 201);
    }
    if (first === 'domains') {
      const result = c.addDomain({
        ...input,
        name: input['name'] as string | undefined,
        ownerId: optionalInt(input['ownerId'], 'ownerId'),
        webspaceId: optionalInt(input['webspaceId'], 'webspaceId'),
      });
      return apply(result, result.domain, 201);
    }
    const result = c.addMailbox(input as { domainId?: number; name?: string; password?: string; enabled?: boolean });
    return apply(result, result.mailbox, 201);
  }
  if (id === undefined) return { status: 405, body: { error: `${method} needs an ID` } };
  if (method === 'GET' && action === undefined) {
    const object = objectOf(sim.store, first, id);
    return object === undefined ? { status: 404, body: { error: `${first} ${id} does not exist` } } : ok(object);
  }
  if (method === 'PATCH' && action === undefined) {
    const result = sim.changes.change(first, id, input);
    return apply(result, result.object);
  }
  if (method === 'DELETE' && action === undefined) {
    const events = sim.changes.remove(first, id);
    return apply({ events }, { deleted: events.map((e) => ({ objectType: e.objectType, objectId: e.objectId })) });
  }
  if (method === 'POST' && action === 'move') {
    if (first === 'customers') {
      const reseller = input['resellerId'] === null ? null : optionalInt(input['resellerId'], 'resellerId');
      if (reseller === undefined) throw new SimInputError('resellerId is required (null moves the customer to the administrator)');
      const result = sim.changes.moveCustomer(id, reseller);
      return apply(result, result.object);
    }
    if (first === 'domains') {
      const result = sim.changes.moveDomain(id, {
        ownerId: optionalInt(input['ownerId'], 'ownerId'),
        webspaceId: optionalInt(input['webspaceId'], 'webspaceId'),
      });
      return apply(result, result.object);
    }
  }
  return { status: 404, body: { error: `no such simulator route: ${method} /__sim/${parts.join('/')}` } };
}
