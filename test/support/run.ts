/** Running workflows in tests and reading how they ended. */
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { listAttempts } from '../../db/attempts';
import { listLog } from '../../db/log';
import { replicationWorkflowId, type AccountKey } from '../../domain';
import { replicateAccount } from '../../workflows';
import type { ReplicateInput, ReplicateResult } from '../../domain/workflow-types';
import type { TestStack } from './stack';

export type Outcome = { ok: true; result: ReplicateResult } | { ok: false; type: string; message: string };

export async function outcomeOf<T>(run: Promise<T>): Promise<{ ok: true; result: T } | { ok: false; type: string; message: string }> {
  try {
    return { ok: true, result: await run };
  } catch (error) {
    if (error instanceof WorkflowFailedError && error.cause instanceof ApplicationFailure) {
      return { ok: false, type: error.cause.type ?? '', message: error.cause.message };
    }
    throw error;
  }
}

export function replicate(
  stack: TestStack,
  key: AccountKey,
  mode: ReplicateInput['mode'] = 'bulk',
  extra: Partial<ReplicateInput> = {},
): Promise<Outcome> {
  return outcomeOf(
    stack.temporal.workflow.execute(replicateAccount, {
      taskQueue: stack.taskQueue,
      workflowId: replicationWorkflowId(key),
      args: [{ key, mode, ...extra }],
    }),
  );
}

export async function attemptsOf(stack: TestStack, key: AccountKey) {
  return (await listAttempts(stack.db, key)).map((a) => ({ outcome: a.outcome, reasonType: a.reasonType, reason: a.reasonText }));
}

export async function logOf(stack: TestStack, key: AccountKey) {
  return (await listLog(stack.db, { key }))
    .reverse()
    .map((l) => ({ level: l.level, event: l.event, message: l.message, reasonType: l.reasonType }));
}
