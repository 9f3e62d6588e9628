import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAttempts } from '../../db/attempts';
import { findLink } from '../../db/links';
import { listLog } from '../../db/log';
import { replicationWorkflowId, voipnowTag, type AccountKey } from '../../domain';
import { replicateAccount } from '../../workflows';
import { startTestStack, type TestStack } from '../support/stack';

describe('replicating one Plesk client through the real worker, Temporal and both simulators', () => {
  let stack: TestStack;
  let key: AccountKey;

  beforeAll(async () => {
    stack = await startTestStack();
    const customer = stack.plesk.snapshot().customers[0]!;
    key = { pleskServer: stack.pleskServer, kind: 'client', pleskId: String(customer.id) };
  });
  afterAll(async () => stack?.close());

  const run = () =>
    stack.temporal.workflow.execute(replicateAccount, {
      taskQueue: stack.taskQueue,
      workflowId: replicationWorkflowId(key),
      args: [{ key, mode: 'manual' }],
    });

  it('creates a VoipNow reseller tagged with the account, and records the link, the attempt and the log', async () => {
    const result = await run();
    expect(result.outcome).toBe('created');
    expect(result.voipnowKind).toBe('reseller');

    const reseller = stack.voipnow.state.account(result.voipnowId);
    expect(reseller?.kind).toBe('reseller');
    expect(reseller?.serverID).toBe(voipnowTag(stack.config.soapTag, key));

    const link = await findLink(stack.db, key);
    expect(link).toMatchObject({ voipnowKind: 'reseller', voipnowId: result.voipnowId, origin: 'replicated' });
    expect(link?.passwordEnc).toMatch(/^v1:/);

    const attempts = await listAttempts(stack.db, key);
    expect(attempts.map((a) => [a.number, a.outcome])).toEqual([[1, 'succeeded']]);
    expect(attempts[0]?.workflowId).toBe(replicationWorkflowId(key));

    const log = await listLog(stack.db, { key });
    expect(log[0]).toMatchObject({ level: 'info', event: 'replicate' });
  });

  it('does nothing the second time: the account is already linked and VoipNow keeps one reseller', async () => {
    const before = stack.voipnow.state.accounts.length;
    const result = await run();
    expect(result.outcome).toBe('alreadyLinked');
    expect(stack.voipnow.state.accounts.length).toBe(before);
  });
});
