/**
 * Issue 11 rule 1, "unlink sticks": after an admin unlinks an account (alone or with everything
 * below it), no automatic run replicates, adopts or changes it again; only an explicit replicate
 * or link brings it back, and a replicate-to-new that finds the object of the earlier link asks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLink } from '../../db/links';
import { createToken } from '../../db/tokens';
import type { AccountKey } from '../../domain';
import { startApiStack, type ApiStack } from '../support/api';
import { discoverAndReplicate, switchAutomatic } from '../support/discovery';
import { pleskAdmin } from '../support/plesk-admin';
import { replicate } from '../support/run';

describe('unlink sticks', () => {
  let stack: ApiStack;
  let alice: string;
  const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: stack.pleskServer, kind, pleskId });
  const path = (k: AccountKey) => `/api/v1/accounts/${k.pleskServer}/${k.kind}/${k.pleskId}`;
  const post = (url: string, payload: object, token = alice) =>
    stack.app.inject({ method: 'POST', url: `${url}?wait=30`, headers: { authorization: `Bearer ${token}` }, payload });
  /** The VoipNow simulator's stored object, as stored (password hash included). */
  const stored = (id: number) => JSON.stringify(stack.voipnow.state.account(id));

  beforeAll(async () => {
    stack = await startApiStack({ plesk: { estate: { size: 12, seed: 5 } } });
    alice = (await createToken(stack.db, { name: 'alice', role: 'admin' })).token;
    await switchAutomatic(stack, true);
    await discoverAndReplicate(stack); // the first scan: records the estate
  });
  afterAll(async () => stack?.closeAll());

  it('after an unlink with everything below, two discoveries neither link, adopt nor touch the VoipNow accounts; the log and the account say why', async () => {
    const plesk = pleskAdmin(stack.plesk);
    const customer = await plesk.addCustomer('sticks');
    const domain = await plesk.addDomain('sticks.test', customer);
    const mailboxId = await plesk.addMailbox(domain, 'info', 'Sticks-Mailbox-Pass-4');
    // A generated password: the adoption of old set a new one and locked the user out.
    const generated = await plesk.addMailbox(domain, 'nopass');
    const keys = [
      key('client', customer),
      key('domain', domain),
      key('mailbox', `${domain}.${mailboxId}`),
      key('mailbox', `${domain}.${generated}`),
    ];
    await discoverAndReplicate(stack);
    await discoverAndReplicate(stack); // the mailboxes wait for their domain's link
    const links = await Promise.all(keys.map((k) => findLink(stack.db, k)));
    expect(links.every((l) => l !== null)).toBe(true);
    const before = links.map((l) => stored(l!.voipnowId));
    const voipnowCount = stack.voipnow.state.accounts.length;

    const unlinked = await post(`${path(keys[0]!)}/unlink`, { recursive: true });
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(unlinked.json()).toMatchObject({ result: { unlinked: 4 } });

    for (let i = 0; i < 2; i += 1) await discoverAndReplicate(stack);
    for (const k of keys) expect(await findLink(stack.db, k)).toBeNull();
    expect(links.map((l) => stored(l!.voipnowId))).toEqual(before);
    expect(stack.voipnow.state.accounts.length).toBe(voipnowCount);

    const log = await stack.db.logEntry.findMany({ where: { pleskServer: stack.pleskServer, kind: 'client', pleskId: customer } });
    expect(log.map((l) => l.message)).toContainEqual(
      expect.stringMatching(/skipped Plesk client \d+: an admin unlinked it \(unlinked by alice at /),
    );
    // Said once per unlink, not again by every later scan (two discoveries ran).
    expect(log.filter((l) => /an admin unlinked it/.test(l.message))).toHaveLength(1);

    const view = await stack.app.inject({ method: 'GET', url: path(keys[0]!), headers: stack.headers('admin') });
    expect(view.json().plesk.unlinked).toMatch(/^unlinked by alice at \d{4}-\d\d-\d\dT/);
  });

  it('an explicit replicate to new that finds the VoipNow account of the earlier link offers a choice, then adopts when asked to', async () => {
    const plesk = pleskAdmin(stack.plesk);
    const customer = await plesk.addCustomer('choose');
    await discoverAndReplicate(stack);
    const link = (await findLink(stack.db, key('client', customer)))!;
    expect(link).not.toBeNull();
    expect((await post(`${path(key('client', customer))}/unlink`, {})).statusCode).toBe(200);
    const before = stored(link.voipnowId);

    const asked = await post(`${path(key('client', customer))}/replicate`, {});
    expect(asked.statusCode, asked.body).toBe(409);
    expect(asked.json()).toMatchObject({
      error: 'taggedFromEarlierLink',
      existing: { voipnowId: link.voipnowId },
      choices: [expect.stringContaining('adoptExisting'), expect.stringContaining('link')],
    });
    expect(asked.json().message).toContain('adopt it, or link to it by its ID');
    expect(stored(link.voipnowId)).toBe(before);
    expect(await findLink(stack.db, key('client', customer))).toBeNull();

    const adopted = await post(`${path(key('client', customer))}/replicate`, { adoptExisting: true });
    expect(adopted.statusCode, adopted.body).toBe(200);
    expect(adopted.json()).toMatchObject({ result: { outcome: 'adopted', voipnowId: link.voipnowId } });
    const view = await stack.app.inject({ method: 'GET', url: path(key('client', customer)), headers: stack.headers('admin') });
    expect(view.json().plesk.unlinked).toBeNull();
  });

  it('a link by an admin also brings an unlinked account back', async () => {
    const plesk = pleskAdmin(stack.plesk);
    const customer = await plesk.addCustomer('relink');
    await discoverAndReplicate(stack);
    const link = (await findLink(stack.db, key('client', customer)))!;
    expect((await post(`${path(key('client', customer))}/unlink`, {})).statusCode).toBe(200);
    const relinked = await post(`${path(key('client', customer))}/link`, { voipnowId: link.voipnowId });
    expect(relinked.statusCode, relinked.body).toBe(200);
    const row = await stack.db.pleskAccount.findFirst({ where: { pleskServer: stack.pleskServer, kind: 'client', pleskId: customer } });
    expect(row).toMatchObject({ unlinkedAt: null, unlinkedBy: null });
  });

  it('adopting by tag keeps its exactly-once purpose: an earlier try of ours whose answer was lost is adopted', async () => {
    const plesk = pleskAdmin(stack.plesk);
    const customer = await plesk.addCustomer('lost-answer');
    await discoverAndReplicate(stack);
    const link = (await findLink(stack.db, key('client', customer)))!;
    // The try made the VoipNow account but its link never arrived (no unlink by anyone).
    await stack.db.accountLink.delete({
      where: { pleskServer_kind_pleskId: { pleskServer: stack.pleskServer, kind: 'client', pleskId: customer } },
    });
    expect(await replicate(stack, key('client', customer))).toMatchObject({
      ok: true,
      result: { outcome: 'adopted', voipnowId: link.voipnowId },
    });
  });
});
