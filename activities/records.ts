/** Small bookkeeping activities the workflows call around the real work. */
import { Context } from '@temporalio/activity';
import { listAttempts, finishAttempt } from '../db/attempts';
import { addLog } from '../db/log';
import type { AccountKey } from '../domain';
import type { ActivityDeps } from './deps';

export interface FailureRecord {
  key: AccountKey;
  reasonType: string;
  reasonText: string;
}

/**
 * Marks the account's last try as failed once the workflow has given up on it (the activity
 * itself cannot know whether Temporal will retry it again), so the attempt list tells the truth.
 */
export async function recordGiveUp(deps: ActivityDeps, record: FailureRecord): Promise<void> {
  const info = Context.current().info;
  const workflowId = info.workflowExecution?.workflowId ?? 'none';
  const attempts = await listAttempts(deps.db, record.key);
  const last = attempts.filter((a) => a.workflowId === workflowId).at(-1);
  if (last && last.outcome !== 'failed') {
    await finishAttempt(deps.db, last.id, { outcome: 'failed', reasonType: record.reasonType, reasonText: record.reasonText });
    if (last.outcome === 'retrying') {
      await addLog(deps.db, {
        level: 'error',
        event: 'replicate',
        key: record.key,
        message: `Plesk ${record.key.kind} ${record.key.pleskId}: gave up after ${attempts.length} tries: ${record.reasonText}`,
        reasonType: record.reasonType,
        workflowId,
        runId: info.workflowExecution?.runId ?? 'none',
      });
    }
  }
}
