import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountKey } from '../../domain';
import { ensureDiscoverySchedule, triggerDiscovery } from '../../temporal/schedule';
import { discoveryScheduleId } from '../../domain/workflow-ids';
import { pleskAdmin } from '../support/plesk-admin';
import { replicate } from '../support/run';
import { startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';

describe('templates of new VoipNow accounts', () => {
  let stack: TestStack;
  let plesk: ReturnType<typeof pleskAdmin>;
  const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: stack.pleskServer, kind, pleskId });

  beforeAll(async () => {
    // A VoipNow with templates but settings that name none for manual replication.
    stack = await startTestStack({ plesk: { estate: { size: 10, seed: 5 } }, settingsTtlMs: 0 });
    plesk = pleskAdmin(stack.plesk);
    await stack.db.settings.update({
      where: { pleskServer: stack.pleskServer },
      data: { manualTemplateReseller: null, manualTemplateClient: null, manualTemplateExtension: null },
    });
    stack.voipnow.seed({ templates: [{ name: 'Gold reseller', level: 10, limits: { clientMax: 5 } }] });
  });
  afterAll(async () => stack?.close());

  it('in manual replication, asks to pick one of the templates that exist, then uses the one picked', async () => {
    const id = await plesk.addCustomer('picks-a-template');
    const asked = await replicate(stack, key('client', id), 'manual');
    expect(asked).toMatchObject({ ok: false, type: 'templateRequired' });
    expect(asked.ok ? '' : asked.message).toContain('Gold reseller');

    const picked = await replicate(stack, key('client', id), 'manual', { template: { name: 'Gold reseller' } });
    expect(picked).toMatchObject({ ok: true, result: { templateName: 'Gold reseller' } });
    const reseller = stack.voipnow.state.account(picked.ok ? picked.result.voipnowId : 0);
    expect(reseller?.limits).toMatchObject({ clientMax: 5 });
  });

  it('refuses a template the VoipNow parent does not have', async () => {
    const id = await plesk.addCustomer('picks-a-missing-template');
    expect(await replicate(stack, key('client', id), 'manual', { template: { name: 'Platinum' } })).toMatchObject({
      ok: false,
      type: 'invalidTemplate',
    });
  });

  it("uses a customer's own template for its domains when the admin allows it", async () => {
    const owner = await plesk.addCustomer('has-preferences');
    const linked = await replicate(stack, key('client', owner));
    if (!linked.ok) throw new Error(linked.message);
    stack.voipnow.seed({ accounts: [], templates: [] });
    const own = stack.voipnow.state.addTemplate({
      name: 'My clients',
      level: 50,
      ownerID: linked.result.voipnowId,
      permissions: [],
      limits: { phoneExtMax: 3 },
    } as never);
    await stack.db.settings.update({ where: { pleskServer: stack.pleskServer }, data: { allowCustomerTemplates: true } });
    await stack.db.templatePreference.create({
      data: { pleskServer: stack.pleskServer, accountKind: 'client', pleskId: owner, level: 'client', templateName: 'My clients' },
    });
    const domain = await plesk.addDomain('own-template.test', owner);
    const result = await replicate(stack, key('domain', domain));
    expect(result).toMatchObject({ ok: true, result: { templateName: 'My clients' } });
    expect(stack.voipnow.state.account(result.ok ? result.result.voipnowId : 0)?.templateID).toBe(own.ID);
  });

  it('creates an account with no permissions and all limits 0 when no template is configured', async () => {
    await stack.db.settings.update({ where: { pleskServer: stack.pleskServer }, data: { autoTemplateReseller: null } });
    const id = await plesk.addCustomer('no-template');
    const result = await replicate(stack, key('client', id), 'bulk');
    expect(result).toMatchObject({ ok: true });
    const reseller = stack.voipnow.state.account(result.ok ? result.result.voipnowId : 0)!;
    expect(reseller.templateID).toBeUndefined();
    expect(reseller.permissions).toEqual([]);
    expect(Object.values(reseller.limits).every((v) => v === 0)).toBe(true);
  });
});

describe('the discovery schedule', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ plesk: { estate: { size: 12, seed: 9 } } });
  });
  afterAll(async () => {
    await stack?.temporal.schedule
      .getHandle(discoveryScheduleId(stack.pleskServer))
      .delete()
      .catch(() => {});
    await stack?.close();
  });

  it('exists after start, every five minutes, once only, and can be triggered on demand', async () => {
    const options = { pleskServer: stack.pleskServer, taskQueue: stack.taskQueue };
    expect(await ensureDiscoverySchedule(stack.temporal, options)).toBe(true);
    expect(await ensureDiscoverySchedule(stack.temporal, options)).toBe(false);
    const description = await stack.temporal.schedule.getHandle(discoveryScheduleId(stack.pleskServer)).describe();
    expect(description.spec.intervals?.[0]?.every).toBe(5 * 60 * 1000);
    expect(description.state.paused).toBe(false);

    await triggerDiscovery(stack.temporal, stack.pleskServer);
    // The first discovery records the estate and replicates nothing (issue 11).
    await waitFor(
      async () =>
        (await stack.db.settings.findUniqueOrThrow({ where: { pleskServer: stack.pleskServer } })).baselineAt !== null &&
        (await stack.db.logEntry.count({ where: { event: 'discovery', message: { contains: stack.pleskServer } } })) > 0,
      60_000,
      'discovery to record the estate',
    );
    expect(await stack.db.pleskAccount.count({ where: { pleskServer: stack.pleskServer } })).toBeGreaterThan(0);
    expect(await stack.db.accountLink.count({ where: { pleskServer: stack.pleskServer } })).toBe(0);
    expect(await stack.db.logEntry.count({ where: { event: 'discovery', message: { contains: stack.pleskServer } } })).toBe(1);
  }, 90_000);
});
