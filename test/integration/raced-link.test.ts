/**
 * A try whose account another try linked while it ran (a stalled worker's try next to its retry,
 * as the worker-stall test provokes at random): its own failure changes nothing, so it closes as
 * succeeded with what happened, not as "retrying" at the end of a linked account's attempts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replicationWorkflowId, type AccountKey } from '../../domain';
import { replicateAccount } from '../../workflows';
import { attemptsOf } from '../support/run';
import { startTestStack, type TestStack } from '../support/stack';
import { waitFor } from '../support/wait';

describe('a try that loses the race to link its account', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack();
  });
  afterAll(async () => stack?.close());

  it('closes as succeeded, naming the link the other try made and its own error, and the replication ends alreadyLinked', async () => {
    const key: AccountKey = { pleskServer: stack.pleskServer, kind: 'reseller', pleskId: '2' };
    const other = stack.voipnow.seed({ accounts: [{ kind: 'reseller', login: 'raced-reseller', password: 'Raced#Harbor-42' }] })
      .accounts[0]!;
    // Each VoipNow call takes 2 s: the try is still on its first ones when the other try's link appears.
    stack.voipnow.configure({ latencyMs: 2000 });
    const handle = await stack.temporal.workflow.start(replicateAccount, {
      taskQueue: stack.taskQueue,
      workflowId: replicationWorkflowId(key),
      args: [{ key, mode: 'bulk' }],
    });
    try {
      await waitFor(async () => (await attemptsOf(stack, key)).some((a) => a.outcome === 'running'), 30_000, 'the try under way');
      // The other try: the link it wrote, then VoipNow fails this try's next call.
      await stack.db.accountLink.create({
        data: {
          ...key,
          voipnowKind: 'reseller',
          voipnowId: other.ID,
          voipnowLogin: other.login,
          origin: 'linked',
          workflowId: 'link/raced',
        },
      });
      stack.voipnow.configure({ faultRate: 1 });
      expect(await handle.result()).toMatchObject({ outcome: 'alreadyLinked', voipnowId: other.ID });
    } finally {
      stack.voipnow.configure({ faultRate: 0, latencyMs: 0 });
    }
    const attempts = await attemptsOf(stack, key);
    expect(attempts.map((a) => a.outcome)).toEqual(['succeeded']);
    const line = await stack.db.logEntry.findFirstOrThrow({ where: { pleskServer: key.pleskServer, kind: 'reseller', pleskId: '2' } });
    expect(line.message).toMatch(
      new RegExp(`^Plesk reseller 2 was linked to VoipNow reseller #${other.ID} by another try meanwhile \\(this try: .+\\)$`),
    );
  });
});
