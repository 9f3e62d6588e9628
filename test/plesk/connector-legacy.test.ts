import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PleskClient } from '../../connectors/plesk';
import { type PleskSimulator } from '../../simulators/plesk';
import { byNumericId, clientFor, expectedEstate, startSim, stopAll } from './helpers';

/** The connector against a Plesk 9 simulator (client/domain with its <user> node), over real HTTP. */

let sim: PleskSimulator;
let client: PleskClient;
let expected: ReturnType<typeof expectedEstate>;

beforeAll(async () => {
  sim = await startSim({ generation: 'plesk9', estate: { size: 200, seed: 5 } });
  client = clientFor(sim, { batchSize: 9 });
  expected = expectedEstate(sim.snapshot(), 'legacy');
});
afterAll(stopAll);

describe('Plesk connector, Plesk 8/9 dialect', () => {
  it('negotiates the legacy dialect when the server offers no Plesk 10 protocol', async () => {
    expect(await client.negotiate()).toEqual({ protocol: '1.6.0.2', dialect: 'legacy', domainAdmins: true });
  });

  it('reads the whole estate: clients with owners and clear-text passwords, domains with their domain users, mailboxes', async () => {
    const estate = await client.readEstate();
    expect(byNumericId(estate.resellers)).toEqual(expected.resellers);
    expect(byNumericId(estate.customers)).toEqual(expected.customers);
    expect(byNumericId(estate.domains)).toEqual(expected.domains);
    expect(byNumericId(estate.mailboxes)).toEqual(expected.mailboxes);
    expect(estate.customers.every((c) => c.password !== undefined)).toBe(true);
  });

  it('treats a disabled domain user as no domain administrator', async () => {
    const disabled = sim.snapshot().domains.find((d) => d.admin && !d.admin.enabled);
    expect(disabled).toBeDefined();
    expect((await client.getDomain(String(disabled?.id)))?.administrator).toBeNull();
  });

  it("reads single accounts and a domain's mailboxes by ID", async () => {
    const customer = expected.customers.find((c) => c.owner.kind === 'reseller');
    const domain = expected.domains.find((d) => d.administrator?.complete);
    expect(await client.getCustomer(customer?.pleskId ?? '')).toEqual(customer);
    expect(await client.getReseller(expected.resellers[0]?.pleskId ?? '')).toEqual(expected.resellers[0]);
    expect(await client.getDomain(domain?.pleskId ?? '')).toEqual(domain);
    const domainId = expected.mailboxes[0]?.domainId ?? '';
    expect(byNumericId(await client.getMailboxes(domainId))).toEqual(expected.mailboxes.filter((m) => m.domainId === domainId));
    expect(await client.getDomain('99999')).toBeNull();
  });

  it('speaks Plesk 8 (1.5.0.0) when forced: no reseller operator, every client owned by the administrator', async () => {
    const plesk8 = clientFor(sim, { protocol: '1.5.0.0' });
    expect(await plesk8.negotiate()).toEqual({ protocol: '1.5.0.0', dialect: 'legacy', domainAdmins: true });
    expect(await plesk8.listResellers()).toEqual([]);
    expect(await plesk8.getReseller(expected.resellers[0]?.pleskId ?? '')).toBeNull();
    const customers = await plesk8.listCustomers();
    expect(customers.every((c) => c.owner.kind === 'admin')).toBe(true);
    // Domains name their owner by client_id before 1.6.0.0.
    const domains = byNumericId(await plesk8.listDomains());
    expect(domains.filter((d) => d.owner.kind === 'client')).toEqual(expected.domains.filter((d) => d.owner.kind === 'client'));
  });

  it('falls back to the legacy dialect when a forced modern protocol is refused with 1005', async () => {
    const modern = clientFor(sim, { protocol: '1.6.9.0' });
    expect(await modern.negotiate()).toEqual({ protocol: '1.6.0.2', dialect: 'legacy', domainAdmins: true });
    expect(byNumericId(await modern.listResellers())).toEqual(expected.resellers);
  });
});
