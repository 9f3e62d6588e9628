/**
 * Issue 11 rule 2, "automatic replication is for newly added accounts": the first scan records
 * the estate and replicates nothing; later scans replicate accounts first seen after it, per
 * level, only while that level's switch is on (they start off); switching a level on later does
 * not sweep up what was there before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLink } from '../../db/links';
import type { AccountKey } from '../../domain';
import { discoverAndReplicate, switchAutomatic } from '../support/discovery';
import { pleskAdmin } from '../support/plesk-admin';
import { startTestStack, type TestStack } from '../support/stack';

describe('automatic replication is for newly added accounts', () => {
  let stack: TestStack;
  const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: stack.pleskServer, kind, pleskId });
  const links = () => stack.db.accountLink.count({ where: { pleskServer: stack.pleskServer } });
  const settings = () => stack.db.settings.findUniqueOrThrow({ where: { pleskServer: stack.pleskServer } });

  beforeAll(async () => {
    stack = await startTestStack({ plesk: { estate: { size: 15, seed: 3 } } });
  });
  afterAll(async () => stack?.close());

  it('starts with every switch off', async () => {
    expect(await settings()).toMatchObject({
      autoReplicateResellers: false,
      autoReplicateDomains: false,
      autoReplicateMailboxes: false,
      baselineAt: null,
    });
  });

  it('the first scan records the estate and replicates nothing, even with the switches on', async () => {
    await switchAutomatic(stack, true);
    const voipnowBefore = stack.voipnow.state.accounts.length;
    const first = await discoverAndReplicate(stack);
    expect(first.new).toBeGreaterThan(10);
    expect(first).toMatchObject({ baseline: true, replicationStarted: false });
    expect(await links()).toBe(0);
    expect(stack.voipnow.state.accounts.length).toBe(voipnowBefore);
    expect((await settings()).baselineAt).not.toBeNull();
    // Seen by discovery, not replicated: the Clients & Resellers view lists them as such.
    expect(await stack.db.pleskAccount.count({ where: { pleskServer: stack.pleskServer } })).toBe(first.accounts);
    // And later scans leave the old estate alone too.
    expect(await discoverAndReplicate(stack)).toMatchObject({ replicationStarted: false });
    expect(await links()).toBe(0);
  });

  it('replicates an account added later, per level, only while its switch is on', async () => {
    const plesk = pleskAdmin(stack.plesk);
    await switchAutomatic(stack, false, { resellers: false, domains: true, mailboxes: true });
    const customer = await plesk.addCustomer('added-later');
    const domain = await plesk.addDomain('added-later.test', customer);
    expect(await discoverAndReplicate(stack)).toMatchObject({ new: 2, replicationStarted: true });
    expect(await findLink(stack.db, key('client', customer))).not.toBeNull();
    // Domains are switched off: the new domain waits, though its owner is replicated now.
    expect(await findLink(stack.db, key('domain', domain))).toBeNull();
    expect(await discoverAndReplicate(stack)).toMatchObject({ replicationStarted: false });
    expect(await findLink(stack.db, key('domain', domain))).toBeNull();
  });

  it('switching a level on later does not sweep up what was there before; what is added afterwards is replicated', async () => {
    const plesk = pleskAdmin(stack.plesk);
    const owner = await plesk.addCustomer('switch-owner');
    await discoverAndReplicate(stack);
    expect(await findLink(stack.db, key('client', owner))).not.toBeNull();
    const before = await plesk.addDomain('before-switch.test', owner);
    await discoverAndReplicate(stack); // first seen while domains are off
    const linksBefore = await links();

    await switchAutomatic(stack, true, { resellers: false, domains: true, mailboxes: false });
    expect(await discoverAndReplicate(stack)).toMatchObject({ replicationStarted: false });
    expect(await findLink(stack.db, key('domain', before))).toBeNull();
    expect(await links()).toBe(linksBefore);

    const after = await plesk.addDomain('after-switch.test', owner);
    expect(await discoverAndReplicate(stack)).toMatchObject({ new: 1, replicationStarted: true });
    expect(await findLink(stack.db, key('domain', after))).not.toBeNull();
    expect(await findLink(stack.db, key('domain', before))).toBeNull();
    expect(await links()).toBe(linksBefore + 1);
  });
});
