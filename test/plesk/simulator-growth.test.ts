/**
 * The Plesk simulator's growth (issue 11, for npm start): a customer, a domain of it and a mailbox
 * of that domain in turn, each followed by the hook (off unless growthMs is given).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startPleskSimulator, type PleskSimulator } from '../../simulators/plesk';
import { waitFor } from '../support/wait';

describe('the Plesk simulator grows by itself when asked', () => {
  let sim: PleskSimulator | undefined;
  afterEach(async () => sim?.close());

  it('adds a customer, its domain and a mailbox of that domain, and calls the hook after each', async () => {
    let hooked = 0;
    sim = await startPleskSimulator({
      login: 'admin',
      password: 'Plesk-Test-2026',
      estate: { size: 5, seed: 2 },
      growthMs: 30,
      onGrowth: () => (hooked += 1),
    });
    const before = sim.snapshot();
    await waitFor(() => hooked >= 3, 10_000, 'three additions');
    const after = sim.snapshot();
    const customer = after.customers.find((c) => !before.customers.some((b) => b.id === c.id))!;
    expect(customer.contact.email).toMatch(/@example\.com$/);
    const domain = after.domains.find((d) => !before.domains.some((b) => b.id === d.id))!;
    expect(domain).toMatchObject({ type: 'webspace', ownerId: customer.id });
    const mailbox = after.mailboxes.find((m) => !before.mailboxes.some((b) => b.id === m.id))!;
    expect(mailbox).toMatchObject({ domainId: domain.id, enabled: true });
    expect(mailbox.password).toBeTruthy();
  });
});
