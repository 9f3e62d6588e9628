import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLink } from '../../db/links';
import type { AccountKey } from '../../domain';
import { DEFAULT_ADMIN_CONTACT } from '../../simulators/plesk/operators';
import { ADMIN_ID } from '../../simulators/plesk/model';
import { passwordMatches } from '../../simulators/voipnow/state';
import { pleskAdmin } from '../support/plesk-admin';
import { replicate } from '../support/run';
import { startTestStack, type TestStack } from '../support/stack';

/** Issue 11 rule 10: contact data as the manual says (state → region, whitespace passwords). */
describe('contact data as the manual says', () => {
  let stack: TestStack;
  let plesk: ReturnType<typeof pleskAdmin>;
  const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: stack.pleskServer, kind, pleskId });
  const voipnowAccountOf = async (k: AccountKey) => {
    const link = await findLink(stack.db, k);
    expect(link, `${k.kind} ${k.pleskId} is linked`).not.toBeNull();
    return { link: link!, account: stack.voipnow.state.account(link!.voipnowId)! };
  };

  beforeAll(async () => {
    stack = await startTestStack({ plesk: { estate: { size: 10, seed: 5 } } });
    plesk = pleskAdmin(stack.plesk);
  });
  afterAll(async () => stack?.close());

  it('the Plesk state goes to the VoipNow region of the country, looked up with GetRegions (accents and case aside)', async () => {
    const regionCalls = stack.voipnow.stats.calls.GetRegions ?? 0;
    const id = await plesk.addCustomer('state-to-region', { contact: { state: ' california ', country: 'US' } });
    expect(await replicate(stack, key('client', id))).toMatchObject({ ok: true });
    const { account } = await voipnowAccountOf(key('client', id));
    expect(account.region).toBe(102); // the simulator's US regions: Alabama 101, California 102, …
    expect(account.notes ?? '').not.toContain('california');
    expect(stack.voipnow.stats.calls.GetRegions ?? 0).toBeGreaterThan(regionCalls);

    const ro = await plesk.addCustomer('state-with-accents', { contact: { state: 'Timis', country: 'RO', city: 'Timisoara' } });
    expect(await replicate(stack, key('client', ro))).toMatchObject({ ok: true });
    expect((await voipnowAccountOf(key('client', ro))).account.region).toBeDefined();
  });

  it('keeps the state in the notes only when no region of the country matches', async () => {
    const id = await plesk.addCustomer('state-to-notes', { contact: { state: 'Atlantis', country: 'US' } });
    expect(await replicate(stack, key('client', id))).toMatchObject({ ok: true });
    const { account } = await voipnowAccountOf(key('client', id));
    expect(account.region).toBeUndefined();
    expect(account.notes).toContain('Atlantis');
  });

  it('asks GetRegions once per country, not once per account', async () => {
    const before = stack.voipnow.stats.calls.GetRegions ?? 0;
    for (const login of ['same-country-1', 'same-country-2']) {
      const id = await plesk.addCustomer(login, { contact: { state: 'Texas', country: 'US' } });
      expect(await replicate(stack, key('client', id))).toMatchObject({ ok: true });
    }
    expect(stack.voipnow.stats.calls.GetRegions ?? 0).toBe(before);
  });

  it('a whitespace-only mailbox password counts as none: the extension gets a random password', async () => {
    const owner = await plesk.addCustomer('blank-password-owner');
    const domain = await plesk.addDomain('blank-password.test', owner);
    const mailbox = await plesk.addMailbox(domain, 'blank', '   ');
    for (const k of [key('client', owner), key('domain', domain), key('mailbox', `${domain}.${mailbox}`)]) {
      expect(await replicate(stack, k), `${k.kind} ${k.pleskId}`).toMatchObject({ ok: true });
    }
    const { link, account } = await voipnowAccountOf(key('mailbox', `${domain}.${mailbox}`));
    const stored = stack.box.open(link.passwordEnc!);
    expect(stored.trim()).not.toBe('');
    expect(stored.length).toBeGreaterThanOrEqual(8);
    expect(passwordMatches(account.passwordHash, stored)).toBe(true);
    expect(passwordMatches(account.passwordHash, '   ')).toBe(false);
  });
});

describe("a domain owned by the Plesk admin takes the admin's contact data", () => {
  let stack: TestStack;
  let plesk: ReturnType<typeof pleskAdmin>;

  beforeAll(async () => {
    stack = await startTestStack({ plesk: { estate: { size: 5, seed: 6 } } });
    plesk = pleskAdmin(stack.plesk);
  });
  afterAll(async () => stack?.close());

  it('reads the admin contact from Plesk (server get) for the VoipNow client, the state as its region', async () => {
    const domain = await plesk.addDomain('admins-own.test', String(ADMIN_ID));
    const key: AccountKey = { pleskServer: stack.pleskServer, kind: 'domain', pleskId: domain };
    expect(await replicate(stack, key)).toMatchObject({ ok: true });
    const link = await findLink(stack.db, key);
    const client = stack.voipnow.state.account(link!.voipnowId)!;
    expect(client).toMatchObject({
      email: DEFAULT_ADMIN_CONTACT.email,
      company: DEFAULT_ADMIN_CONTACT.cname,
      city: DEFAULT_ADMIN_CONTACT.city,
      country: 'US',
      region: 105, // Texas
    });
  });
});
