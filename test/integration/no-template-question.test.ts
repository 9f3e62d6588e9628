import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountKey } from '../../domain';
import { scanEstate } from '../support/api';
import { pleskAdmin } from '../support/plesk-admin';
import { attemptsOf, replicate } from '../support/run';
import { startTestStack, type TestStack } from '../support/stack';

/**
 * Issue 11 rule 5: the manual's "There are no templates for client replication…" is a question.
 * Asking it is no failed attempt, is not counted in Attempts, and blocks nothing.
 */
describe('rule 5: the no-templates question is a question, not a failed attempt', () => {
  let stack: TestStack;
  let plesk: ReturnType<typeof pleskAdmin>;
  const key = (kind: AccountKey['kind'], pleskId: string): AccountKey => ({ pleskServer: stack.pleskServer, kind, pleskId });

  beforeAll(async () => {
    // A VoipNow without templates, settings that name none.
    stack = await startTestStack({ plesk: { estate: { size: 3, seed: 13 } }, templates: false });
    plesk = pleskAdmin(stack.plesk);
  });
  afterAll(async () => stack?.close());

  it('asks, records no attempt and no block, and the account replicates afterwards', async () => {
    const customer = key('client', await plesk.addCustomer('asked-no-templates'));
    await scanEstate(stack);
    const asked = await replicate(stack, customer, 'manual');
    expect(asked).toMatchObject({ ok: false, type: 'noTemplatesConfirm' });
    expect(asked.ok ? '' : asked.message).toContain('There are no templates');
    expect(await attemptsOf(stack, customer)).toEqual([]);
    const row = await stack.db.pleskAccount.findUnique({
      where: { pleskServer_kind_pleskId: { pleskServer: stack.pleskServer, kind: customer.kind, pleskId: customer.pleskId } },
    });
    expect(row).not.toBeNull();
    expect(row!.blockedHash).toBeNull();
    expect(await stack.db.logEntry.count({ where: { pleskServer: stack.pleskServer, pleskId: customer.pleskId, level: 'error' } })).toBe(0);

    // Asked again: still no attempt. Then confirmed: one attempt, succeeded.
    expect(await replicate(stack, customer, 'manual')).toMatchObject({ ok: false, type: 'noTemplatesConfirm' });
    expect(await replicate(stack, customer, 'manual', { confirmNoTemplate: true })).toMatchObject({ ok: true });
    expect(await attemptsOf(stack, customer)).toEqual([{ outcome: 'succeeded', reasonType: null, reason: null }]);
  });
});
