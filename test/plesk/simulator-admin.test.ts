import http from 'node:http';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PleskEvent, type PleskSimulator } from '../../simulators/plesk';
import { clientFor, LOGIN, PASSWORD, startSim, stopAll } from './helpers';

/** The /__sim/ control endpoint: changes show up in connector reads, fire Plesk-style events and persist. */

const received: PleskEvent[] = [];
let hook: http.Server;
let hookUrl: string;
const dirs: string[] = [];

beforeAll(async () => {
  hook = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      received.push(JSON.parse(body) as PleskEvent);
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/plesk-events`;
});
afterEach(async () => {
  await stopAll();
  received.length = 0;
});
afterAll(async () => {
  await new Promise((resolve) => hook.close(resolve));
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function admin(sim: PleskSimulator, method: string, route: string, body?: unknown, auth = `${LOGIN}:${PASSWORD}`) {
  const response = await fetch(`${sim.url}/__sim/${route}`, {
    method,
    headers: { Authorization: `Basic ${Buffer.from(auth).toString('base64')}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'plesk-sim-test-'));
  dirs.push(dir);
  return dir;
}

describe('Plesk simulator control endpoint', () => {
  it('requires the admin login and password (HTTP Basic)', async () => {
    const sim = await startSim();
    expect((await admin(sim, 'GET', 'state', undefined, `${LOGIN}:nope`)).status).toBe(401);
    const state = await admin(sim, 'GET', 'state');
    expect(state.body).toMatchObject({ generation: 'obsidian', counts: { resellers: 2, customers: 5, domains: 8, mailboxes: 15 } });
  });

  it('adds, changes, moves and deletes accounts, and the connector reads every change', async () => {
    const sim = await startSim({ eventUrl: hookUrl });
    const client = clientFor(sim);
    const reseller = (
      await admin(sim, 'POST', 'resellers', {
        login: 'acme-res',
        password: 'Str0ng!Pass',
        contact: { pname: 'Ana Reseller', email: 'ana@acme.test' },
      })
    ).body;
    const customer = (
      await admin(sim, 'POST', 'customers', {
        login: 'bob',
        password: 'Bob!Pass-1',
        ownerId: reseller['id'],
        contact: { pname: 'Bob', locale: 'ja-JP' },
      })
    ).body;
    const domain = (
      await admin(sim, 'POST', 'domains', {
        name: 'bücher-bob.de',
        ownerId: customer['id'],
        admin: { name: 'Dora Admin', email: 'dora@bob.test', password: 'Dora!Pass-9' },
      })
    ).body;
    const mailbox = (await admin(sim, 'POST', 'mailboxes', { domainId: domain['id'], name: 'info', password: 'Info!Pass-2' })).body;

    expect(await client.getCustomer(String(customer['id']))).toMatchObject({
      login: 'bob',
      owner: { kind: 'reseller', pleskId: String(reseller['id']) },
      contact: { locale: 'ja-JP' },
    });
    const read = await client.getDomain(String(domain['id']));
    expect(read).toMatchObject({
      name: 'bücher-bob.de',
      asciiName: 'xn--bcher-bob-q9a.de',
      owner: { kind: 'client', pleskId: String(customer['id']) },
    });
    expect(read?.administrator).toMatchObject({
      password: 'Dora!Pass-9',
      complete: false,
      missing: ['address', 'phone', 'fax', 'company', 'city', 'state', 'pcode'],
    });
    expect(await client.getMailboxes(String(domain['id']))).toEqual([
      expect.objectContaining({ address: 'info@bücher-bob.de', password: 'Info!Pass-2' }),
    ]);

    expect((await admin(sim, 'PATCH', `customers/${String(customer['id'])}`, { contact: { email: 'bob@new.test' } })).status).toBe(200);
    expect((await client.getCustomer(String(customer['id'])))?.contact.email).toBe('bob@new.test');
    expect((await admin(sim, 'PATCH', `mailboxes/${String(mailbox['id'])}`, { password: null })).status).toBe(200);
    expect((await client.getMailboxes(String(domain['id'])))[0]?.password).toBeUndefined();

    expect((await admin(sim, 'POST', `customers/${String(customer['id'])}/move`, { resellerId: null })).status).toBe(200);
    expect((await client.getCustomer(String(customer['id'])))?.owner).toEqual({ kind: 'admin' });
    const other = sim.snapshot().customers[0];
    expect((await admin(sim, 'POST', `domains/${String(domain['id'])}/move`, { ownerId: other?.id })).status).toBe(200);
    expect((await client.getDomain(String(domain['id'])))?.owner).toEqual({ kind: 'client', pleskId: String(other?.id) });

    const deleted = await admin(sim, 'DELETE', `resellers/${String(reseller['id'])}`);
    expect(deleted.status).toBe(200);
    expect(await client.getReseller(String(reseller['id']))).toBeNull();
    // The customer was moved away from the reseller first, so it survives the reseller's deletion.
    expect(await client.getCustomer(String(customer['id']))).not.toBeNull();
    expect((await admin(sim, 'DELETE', `customers/${String(customer['id'])}`)).body['deleted']).toEqual([
      { objectType: 'client', objectId: String(customer['id']) },
    ]);
    expect((await admin(sim, 'GET', `customers/${String(customer['id'])}`)).status).toBe(404);
  });

  it('sends Plesk-style events with NEW_ and OLD_ fields and never a password', async () => {
    const sim = await startSim({ eventUrl: hookUrl });
    const customer = (
      await admin(sim, 'POST', 'customers', { login: 'eve', password: 'Eve!Secret-3', contact: { pname: 'Eve', cname: 'Eve & Co' } })
    ).body;
    await admin(sim, 'PATCH', `customers/${String(customer['id'])}`, { contact: { pname: 'Eve Adams' }, password: 'Eve!Other-4' });
    const domain = (await admin(sim, 'POST', 'domains', { name: 'eve.test', ownerId: customer['id'] })).body;
    await admin(sim, 'POST', 'mailboxes', { domainId: domain['id'], name: 'hello', password: 'Hello!Pass-5' });
    await admin(sim, 'DELETE', `customers/${String(customer['id'])}`);
    await sim.events.settle();

    expect(received.map((e) => e.event)).toEqual([
      'client_create',
      'client_update',
      'domain_create',
      'mailname_create',
      'mailname_delete',
      'domain_delete',
      'client_delete',
    ]);
    expect(received[0]).toMatchObject({
      objectType: 'client',
      objectId: String(customer['id']),
      NEW_LOGIN_NAME: 'eve',
      NEW_CONTACT_NAME: 'Eve',
      NEW_COMPANY_NAME: 'Eve & Co',
      NEW_OWNER_LOGIN: LOGIN,
    });
    expect(received[1]).toMatchObject({ OLD_CONTACT_NAME: 'Eve', NEW_CONTACT_NAME: 'Eve Adams' });
    expect(received[2]).toMatchObject({ NEW_DOMAIN_NAME: 'eve.test', NEW_OWNER_ID: String(customer['id']) });
    expect(received[3]).toMatchObject({ NEW_MAILNAME: 'hello@eve.test' });
    expect(received[6]).toMatchObject({ OLD_LOGIN_NAME: 'eve' });
    expect(Object.keys(received[6] ?? {}).some((k) => k.startsWith('NEW_'))).toBe(false);
    expect(JSON.stringify(received)).not.toMatch(/PASSWORD|Secret|Other-4|Hello!Pass/);
    expect(sim.events).toMatchObject({ delivered: 7, failed: 0 });
  });

  it('counts undeliverable events without failing the change', async () => {
    const sim = await startSim({ eventUrl: 'http://127.0.0.1:9/nowhere' });
    expect((await admin(sim, 'POST', 'resellers', { login: 'lost' })).status).toBe(201);
    await sim.events.settle();
    expect(sim.events).toMatchObject({ delivered: 0, failed: 1 });
  });

  it('regenerates the estate, sets switches and resets both', async () => {
    const sim = await startSim({ estate: { size: 30, seed: 1 } });
    expect((await admin(sim, 'POST', 'estate', { size: 1000, seed: 5 })).body).toMatchObject({
      counts: { resellers: 10, customers: 100, domains: 250, mailboxes: 640 },
    });
    expect((await clientFor(sim).listCustomers()).length).toBe(100);
    expect((await admin(sim, 'PUT', 'switches', { latencyMs: 5, faultRate: 0.5 })).body).toEqual({
      latencyMs: 5,
      faultRate: 0.5,
      authFailRate: 0,
      failOperations: [],
    });
    expect((await admin(sim, 'PUT', 'switches', { faultRate: 2 })).status).toBe(400);
    expect((await admin(sim, 'PATCH', 'switches', { failOperations: ['mail'] })).body).toMatchObject({ failOperations: ['mail'] });
    expect((await admin(sim, 'PATCH', 'switches', { failOperations: 'mail' })).status).toBe(400);
    const reset = await admin(sim, 'POST', 'reset');
    expect(reset.body).toMatchObject({
      counts: { customers: 5 },
      switches: { latencyMs: 0, faultRate: 0, authFailRate: 0, failOperations: [] },
    });
  });

  it('refuses bad input with 4xx and a reason', async () => {
    const sim = await startSim();
    expect(await admin(sim, 'POST', 'customers', { login: 'x', ownerId: 99999 })).toMatchObject({ status: 400 });
    expect(await admin(sim, 'POST', 'resellers', { login: sim.snapshot().customers[0]?.login })).toMatchObject({ status: 409 });
    expect(await admin(sim, 'PATCH', 'domains/99999', {})).toMatchObject({ status: 404, body: { error: 'domain 99999 does not exist' } });
    expect(await admin(sim, 'GET', 'planets')).toMatchObject({ status: 404 });
  });

  it('keeps its estate across a restart, written atomically to plesk-sim.json', async () => {
    const dataDir = await tempDir();
    const first = await startSim({ dataDir, estate: { size: 60, seed: 4 } });
    const added = (await admin(first, 'POST', 'customers', { login: 'persisted', contact: { pname: 'Pat' } })).body;
    const before = first.snapshot();
    await first.close();
    expect(await readdir(dataDir)).toEqual(['plesk-sim.json']);

    // Another size and seed: the saved estate wins over generation.
    const second = await startSim({ dataDir, estate: { size: 10, seed: 99 } });
    expect(second.restored).toBe(true);
    expect(second.snapshot()).toEqual(before);
    expect(await clientFor(second).getCustomer(String(added['id']))).toMatchObject({ login: 'persisted', contact: { name: 'Pat' } });
    // IDs continue where they stopped, never reusing one.
    const next = (await admin(second, 'POST', 'customers', { login: 'next' })).body;
    expect(Number(next['id'])).toBe(Number(added['id']) + 1);
  });
});
