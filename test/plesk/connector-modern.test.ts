import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PleskClient } from '../../connectors/plesk';
import { type PleskSimulator } from '../../simulators/plesk';
import { byNumericId, clientFor, expectedEstate, failure, KEY, startSim, stopAll } from './helpers';

/** The connector against a Plesk Obsidian simulator (customer/reseller/webspace/site/user), over real HTTP. */

let sim: PleskSimulator;
let client: PleskClient;
let expected: ReturnType<typeof expectedEstate>;

beforeAll(async () => {
  sim = await startSim({ generation: 'obsidian', estate: { size: 300, seed: 11 } });
  // A small batch forces every list read across several detail packets.
  client = clientFor(sim, { batchSize: 7 });
  expected = expectedEstate(sim.snapshot(), 'modern');
});
afterAll(stopAll);

describe('Plesk connector, modern dialect', () => {
  it('negotiates 1.6.9.0, the newest protocol that still has the user operator', async () => {
    expect(await client.negotiate()).toEqual({ protocol: '1.6.9.0', dialect: 'modern', domainAdmins: true });
  });

  it('lists every reseller with its contact data', async () => {
    expect(byNumericId(await client.listResellers())).toEqual(expected.resellers);
  });

  it('lists every customer with its owner, the administrator or a reseller', async () => {
    const customers = byNumericId(await client.listCustomers());
    expect(customers).toEqual(expected.customers);
    expect(customers.some((c) => c.owner.kind === 'admin')).toBe(true);
    expect(customers.some((c) => c.owner.kind === 'reseller')).toBe(true);
  });

  it('lists webspaces and sites as domains, a site owned and administered through its webspace', async () => {
    const domains = byNumericId(await client.listDomains());
    expect(domains).toEqual(expected.domains);
    expect(new Set(domains.map((d) => d.type))).toEqual(new Set(['webspace', 'site']));
    expect(new Set(domains.map((d) => d.owner.kind))).toEqual(new Set(['admin', 'reseller', 'client']));
  });

  it('reads domain administrators: complete, incomplete (with the missing fields named) and none', async () => {
    const admins = (await client.listDomains()).filter((d) => d.type === 'webspace').map((d) => d.administrator);
    expect(admins.some((a) => a?.complete === true)).toBe(true);
    expect(admins.some((a) => a?.complete === false && a.missing.includes('password'))).toBe(true);
    expect(admins.some((a) => a?.complete === false && a.missing.includes('phone'))).toBe(true);
    expect(admins.some((a) => a === null)).toBe(true);
  });

  it('keeps IDN domains in both forms, the shown name and its punycode', async () => {
    const idn = (await client.listDomains()).filter((d) => d.name !== d.asciiName);
    expect(idn.length).toBeGreaterThan(0);
    for (const d of idn) expect(d.asciiName).toMatch(/^[\x20-\x7e]+$/);
    expect(idn.every((d) => d.asciiName.includes('xn--'))).toBe(true);
  });

  it('lists mailboxes of many domains, batching get_info operations, with full addresses and passwords when Plesk has one', async () => {
    const mailboxes = byNumericId(await client.listMailboxes(await client.listDomains()));
    expect(mailboxes).toEqual(expected.mailboxes);
    expect(mailboxes.some((m) => m.password === undefined)).toBe(true);
    expect(mailboxes.some((m) => !m.enabled)).toBe(true);
  });

  it('lists mailboxes of domains given by ID only, looking their names up', async () => {
    const ids = expected.domains.slice(0, 12).map((d) => d.pleskId);
    const wanted = expected.mailboxes.filter((m) => ids.includes(m.domainId));
    expect(byNumericId(await client.listMailboxes(ids))).toEqual(byNumericId(wanted));
  });

  it('skips domains that no longer exist when listing mailboxes', async () => {
    const domainId = expected.mailboxes[0]?.domainId ?? '';
    const vanished = { pleskId: '99999', name: 'gone.example', asciiName: 'gone.example' };
    expect(byNumericId(await client.listMailboxes([vanished, domainId, '99998']))).toEqual(
      expected.mailboxes.filter((m) => m.domainId === domainId),
    );
  });

  it('reads the whole estate at once, equal to what the simulator holds', async () => {
    const estate = await client.readEstate();
    expect(byNumericId(estate.resellers)).toEqual(expected.resellers);
    expect(byNumericId(estate.customers)).toEqual(expected.customers);
    expect(byNumericId(estate.domains)).toEqual(expected.domains);
    expect(byNumericId(estate.mailboxes)).toEqual(expected.mailboxes);
  });

  it("reads one reseller, one customer, one webspace, one site and one domain's mailboxes by ID", async () => {
    const reseller = expected.resellers[0];
    const customer = expected.customers.find((c) => c.owner.kind === 'reseller');
    const webspace = expected.domains.find((d) => d.type === 'webspace' && d.administrator?.complete);
    const site = expected.domains.find((d) => d.type === 'site');
    expect(await client.getReseller(reseller?.pleskId ?? '')).toEqual(reseller);
    expect(await client.getCustomer(customer?.pleskId ?? '')).toEqual(customer);
    expect(await client.getDomain(webspace?.pleskId ?? '')).toEqual(webspace);
    expect(await client.getDomain(site?.pleskId ?? '')).toEqual(site);
    const withMail = expected.mailboxes[0];
    expect(byNumericId(await client.getMailboxes(withMail?.domainId ?? ''))).toEqual(
      expected.mailboxes.filter((m) => m.domainId === withMail?.domainId),
    );
  });

  it('reads an admin-owned webspace with its domain administrator', async () => {
    const owned = expected.domains.find((d) => d.type === 'webspace' && d.owner.kind === 'admin' && d.administrator);
    expect(owned).toBeDefined();
    expect(await client.getDomain(owned?.pleskId ?? '')).toEqual(owned);
  });

  it('reads every user once for many admin-owned webspaces read one by one (the API cannot filter users by subscription)', async () => {
    // A counting proxy in front of the simulator: how many packets ask the user operator.
    let userReads = 0;
    const proxy = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        if (body.toString().includes('<user>')) userReads++;
        const upstream = http.request(
          new URL(request.url ?? '/', sim.url),
          { method: request.method, headers: request.headers },
          (answer) => {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(response);
          },
        );
        upstream.end(body);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const viaProxy = clientFor({ url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/enterprise/control/agent.php` });
      const owned = expected.domains.filter((d) => d.type === 'webspace' && d.owner.kind === 'admin');
      expect(owned.length).toBeGreaterThan(1);
      for (const domain of owned) expect(await viaProxy.getDomain(domain.pleskId)).toEqual(domain);
      expect(userReads).toBe(1);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('answers null for an account Plesk does not have, and pleskAccountNotFound for the mailboxes of a missing domain', async () => {
    expect(await client.getReseller('99999')).toBeNull();
    expect(await client.getCustomer('99999')).toBeNull();
    expect(await client.getDomain('99999')).toBeNull();
    // A customer's ID is not a reseller's: the ID spaces are shared, the operators are not.
    expect(await client.getReseller(expected.customers[0]?.pleskId ?? '')).toBeNull();
    const error = await failure(client.getMailboxes('99999'));
    expect(error).toMatchObject({ name: 'SyncError', reason: 'pleskAccountNotFound', retryable: false });
  });

  it('authenticates with a secret key instead of login and password', async () => {
    const keyed = clientFor(sim, { auth: { method: 'key', key: KEY } });
    expect(byNumericId(await keyed.listResellers())).toEqual(expected.resellers);
  });

  it('reads domains without administrators when forced to 1.6.9.1, the first protocol without the user operator', async () => {
    const newest = clientFor(sim, { protocol: '1.6.9.1' });
    expect(await newest.negotiate()).toEqual({ protocol: '1.6.9.1', dialect: 'modern', domainAdmins: false });
    const domains = byNumericId(await newest.listDomains());
    expect(domains.every((d) => d.administrator === null)).toBe(true);
    expect(domains.map((d) => ({ ...d, administrator: null }))).toEqual(expected.domains.map((d) => ({ ...d, administrator: null })));
  });

  it('falls back to negotiation when a forced protocol is unknown to the server (1005)', async () => {
    const old = clientFor(sim, { protocol: '1.6.0.2' });
    expect(await old.negotiate()).toEqual({ protocol: '1.6.9.0', dialect: 'modern', domainAdmins: true });
  });
});
