import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountKey } from '../../domain';
import type { SimAccount } from '../../simulators/voipnow';
import { pleskAdmin } from '../support/plesk-admin';
import { replicate } from '../support/run';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Issue 11 rule 6: no template means no permissions and limits 0, set by us. The simulated VoipNow
 * gives an account added without a template its own defaults (permissions on, limits above 0, some
 * unlimited), so only the engine's Set<X>PL calls can leave the values asserted here.
 */
describe('rule 6: no template means no permissions and limits 0, set by us', () => {
  let stack: TestStack;
  let plesk: ReturnType<typeof pleskAdmin>;
  const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: stack.pleskServer, kind, pleskId });

  async function replicated(k: AccountKey): Promise<SimAccount> {
    const result = await replicate(stack, k, 'bulk');
    if (!result.ok) throw new Error(`${k.kind} ${k.pleskId}: ${result.type}: ${result.message}`);
    expect(result.result.templateName).toBeUndefined();
    const account = stack.voipnow.state.account(result.result.voipnowId)!;
    expect(account.templateID).toBeUndefined();
    return account;
  }

  /** The owner of the next level gets room in VoipNow, as a VoipNow admin would give it. */
  function giveRoom(account: SimAccount, limits: Record<string, null>): void {
    stack.voipnow.state.updateAccount(account, { limits: { ...account.limits, ...limits } });
  }

  let reseller: SimAccount;
  let client: SimAccount;

  beforeAll(async () => {
    stack = await startTestStack({
      plesk: { estate: { size: 3, seed: 11 } },
      voipnow: { defaultsWithoutTemplate: true },
      templates: false,
      worker: false,
    });
    plesk = pleskAdmin(stack.plesk);
    await stack.startWorker();
  });
  afterAll(async () => stack?.close());

  it('a reseller made without a template has every permission off and every limit 0, unlimited="false"', async () => {
    reseller = await replicated(key('client', await plesk.addCustomer('no-template-reseller')));
    expect(reseller.permissions).toEqual([]);
    expect(reseller.limits).toMatchObject({
      clientMax: 0,
      phoneExtMax: 0,
      queueExtMax: 0,
      concurentCalls: 0,
      faxStorage: 0,
      mailboxMax: 0,
    });
    expect(Object.keys(reseller.limits)).toHaveLength(22); // ClientPLInfo's 21 limits and clientMax, each sent
    expect(Object.values(reseller.limits).every((limit) => limit === 0)).toBe(true);
    expect(reseller.plChoices).toMatchObject({ MyVoipNowManag: 'none', ProvisionManag: '0' });
  });

  it('a client made without a template has every permission off and every limit 0', async () => {
    giveRoom(reseller, { clientMax: null });
    const owner = stack.voipnow.state.accounts.find((a) => a.ID === reseller.ID)!;
    expect(owner.limits.clientMax).toBeNull();
    const customer = (await stack.db.accountLink.findFirst({ where: { pleskServer: stack.pleskServer, voipnowId: reseller.ID } }))!;
    const domain = await plesk.addDomain('no-template-client.test', customer.pleskId);
    client = await replicated(key('domain', domain));
    expect(client.parentID).toBe(reseller.ID);
    expect(client.permissions).toEqual([]);
    expect(client.limits).toMatchObject({ phoneExtMax: 0, queueExtMax: 0, concurentCalls: 0, recordStorage: 0 });
    expect(Object.keys(client.limits)).toHaveLength(21);
    expect(Object.values(client.limits).every((limit) => limit === 0)).toBe(true);
  });

  it('a mailbox becomes a phone terminal extension, the type sent, with every permission off and its limits 0', async () => {
    giveRoom(client, { phoneExtMax: null });
    const domain = (await stack.db.accountLink.findFirst({ where: { pleskServer: stack.pleskServer, voipnowId: client.ID } }))!;
    const mailbox = await plesk.addMailbox(domain.pleskId, 'phone');
    const extension = await replicated(key('mailbox', `${domain.pleskId}.${mailbox}`));
    expect(extension.parentID).toBe(client.ID);
    expect(extension.extensionTypeSent).toBe('term');
    expect(extension.extensionType).toBe('term');
    expect(extension.permissions).toEqual([]);
    expect(extension.limits).toEqual({
      soundStorage: 0,
      mohStorage: 0,
      concurentCalls: 0,
      concurentInternalCalls: 0,
      concurentText2Speech: 0,
    });
    expect(extension.plChoices).toMatchObject({ level: 'none', ProvisionManag: '0' });
  });
});
