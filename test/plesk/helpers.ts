import http from 'node:http';
import { type AddressInfo } from 'node:net';
import { createPleskClient, type PleskClient, type PleskClientOptions, type PleskEstate } from '../../connectors/plesk';
import type { DomainAdminField } from '../../domain';
import { startPleskSimulator, type PleskSimulator, type PleskSimulatorOptions, type SimEstate } from '../../simulators/plesk';

export const LOGIN = 'admin';
export const PASSWORD = 'Sim-Test-Pässword-7';
export const KEY = '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';

/** Simulators and clients started by a test file, stopped by `stopAll` in afterAll/afterEach. */
const started: { close(): Promise<void> | void }[] = [];

export async function startSim(options: Partial<PleskSimulatorOptions> = {}): Promise<PleskSimulator> {
  const sim = await startPleskSimulator({ login: LOGIN, password: PASSWORD, secretKey: KEY, ...options });
  started.push(sim);
  return sim;
}

export function clientFor(sim: { url: string }, options: Partial<PleskClientOptions> = {}): PleskClient {
  const client = createPleskClient({ url: sim.url, auth: { method: 'password', login: LOGIN, password: PASSWORD }, ...options });
  started.push(client);
  return client;
}

export async function stopAll(): Promise<void> {
  for (const thing of started.splice(0).reverse()) await thing.close();
}

/** An HTTP server answering every request with `answer`, for responses the simulator never sends. */
export async function throwawayServer(
  answer: (request: http.IncomingMessage, response: http.ServerResponse, body: string) => void,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => answer(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const handle = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  started.push(handle);
  return handle;
}

/** Captures what a promise rejects with. */
export async function failure(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the promise to reject');
}

/**
 * What the connector must read from a simulator estate, derived independently from the
 * simulator's own data (the oracle of the read tests).
 */
export function expectedEstate(estate: SimEstate, dialect: 'modern' | 'legacy'): Omit<PleskEstate, 'protocol'> {
  const legacy = dialect === 'legacy';
  const resellerIds = new Set(estate.resellers.map((r) => r.id));
  const customerIds = new Set(estate.customers.map((c) => c.id));
  const contact = (c: SimEstate['customers'][number]['contact']) => ({
    name: c.pname,
    company: c.cname,
    email: c.email,
    phone: c.phone,
    fax: c.fax,
    address: c.address,
    city: c.city,
    state: c.state,
    pcode: c.pcode,
    country: c.country,
    locale: c.locale,
  });
  const ownerOf = (id: number) =>
    customerIds.has(id)
      ? { kind: 'client' as const, pleskId: String(id) }
      : resellerIds.has(id)
        ? { kind: 'reseller' as const, pleskId: String(id) }
        : { kind: 'admin' as const };
  const byId = new Map(estate.domains.map((d) => [d.id, d]));
  const webspaceOf = (d: SimEstate['domains'][number]) =>
    d.type === 'webspace' ? d : (byId.get(d.webspaceId as number) as SimEstate['domains'][number]);
  const adminOf = (d: SimEstate['domains'][number]) => {
    const a = webspaceOf(d).admin;
    if (!a || !a.enabled) return null;
    const c = {
      name: a.name,
      company: a.company,
      email: a.email,
      phone: a.phone,
      fax: a.fax,
      address: a.address,
      city: a.city,
      state: a.state,
      pcode: a.pcode,
      country: a.country,
      locale: '',
    };
    const values: Record<string, string | undefined> = { ...c, password: a.password };
    const fields: DomainAdminField[] = ['address', 'email', 'phone', 'fax', 'company', 'city', 'state', 'pcode', 'password'];
    const missing = fields.filter((f) => !values[f]);
    return {
      login: legacy ? d.asciiName : a.login,
      contact: c,
      password: a.password || undefined,
      missing,
      complete: missing.length === 0,
    };
  };
  return {
    resellers: estate.resellers.map((r) => ({
      kind: 'reseller',
      pleskId: String(r.id),
      guid: r.guid,
      login: r.login,
      status: r.status,
      contact: contact(r.contact),
      password: legacy ? r.password || undefined : undefined,
      owner: { kind: 'admin' },
    })),
    customers: estate.customers.map((c) => ({
      kind: 'client',
      pleskId: String(c.id),
      guid: c.guid,
      login: c.login,
      status: c.status,
      contact: contact(c.contact),
      password: legacy ? c.password || undefined : undefined,
      owner: resellerIds.has(c.ownerId) ? { kind: 'reseller', pleskId: String(c.ownerId) } : { kind: 'admin' },
    })),
    domains: estate.domains.map((d) => ({
      kind: 'domain',
      pleskId: String(d.id),
      guid: d.guid,
      name: d.name,
      asciiName: d.asciiName,
      type: legacy ? 'webspace' : d.type,
      webspaceId: legacy || d.type === 'webspace' ? undefined : String(d.webspaceId),
      status: d.status,
      owner: ownerOf(webspaceOf(d).ownerId as number),
      administrator: adminOf(d),
    })),
    mailboxes: estate.mailboxes.map((m) => {
      const d = byId.get(m.domainId) as SimEstate['domains'][number];
      return {
        kind: 'mailbox',
        pleskId: `${m.domainId}.${m.id}`,
        mailNameId: String(m.id),
        domainId: String(m.domainId),
        name: m.name,
        address: `${m.name}@${d.name}`,
        asciiAddress: `${m.name}@${d.asciiName}`,
        enabled: m.enabled,
        password: m.password || undefined,
      };
    }),
  };
}

/** Sorted by Plesk's object ID (a mailbox's: its mail name's). */
export function byNumericId<T extends { pleskId: string; mailNameId?: string }>(items: readonly T[]): T[] {
  const id = (item: T) => Number(item.mailNameId ?? item.pleskId);
  return [...items].sort((a, b) => id(a) - id(b));
}
